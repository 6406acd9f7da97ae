/**
 * The web application (src/web) is built by Vite into dist/web and served by `debrief serve` at /.
 * `npm run build` (scripts/build.mjs) runs this build after the server bundle.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    // Screens are split by route (React.lazy); a chunk over this size is worth a look.
    chunkSizeWarningLimit: 600,
  },
});
