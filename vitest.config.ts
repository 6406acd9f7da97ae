import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Tests run in UTC with fixed clocks; the test script also sets TZ, this covers a bare `npx vitest`.
process.env.TZ = 'UTC';

export default defineConfig({
  // JSX of the web application's component tests (src/web/**/*.test.tsx, in happy-dom).
  plugins: [react()],
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/web-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
