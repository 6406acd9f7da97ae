// Writes docs/postmortem.schema.json from the zod schema (npm run schema). A test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { postMortemJsonSchemaText } from '../src/contract/post-mortem-json-schema.js';

writeFileSync('docs/postmortem.schema.json', postMortemJsonSchemaText());
process.stdout.write('wrote docs/postmortem.schema.json\n');
