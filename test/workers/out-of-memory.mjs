// A parse worker that only allocates: for src/services/parse-in-worker.test.ts (the heap cap must stop it).
const kept = [];
for (;;) kept.push(new Array(1_000_000).fill(1.5));
