import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard is built into web/dist and served by the Ringmaster server at `/`.
// `npm run dev:web` serves it with hot reload, proxying the API to a local server.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // One vendor chunk the browser keeps across releases of the app code.
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }] },
      },
    },
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': process.env.RINGMASTER_URL ?? 'http://127.0.0.1:8080' },
  },
});
