import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API server of `npm run dev`; the browser only ever talks to Vite, so cookies and the
// server's same-origin check see one origin (the Host header is passed through unchanged).
const API_TARGET = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // antd and React change far less often than our screens: separate chunks stay cached
        // across deployments and keep each file under the size warning. A group also takes in
        // what its modules import, so antd's own dependencies are claimed first (priority).
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 4,
            },
            { name: 'antd', test: /node_modules[\\/]antd[\\/]/, priority: 2 },
            {
              name: 'antd-base',
              test: /node_modules[\\/](@ant-design|@rc-component|rc-[^\\/]+|dayjs)[\\/]/,
              priority: 3,
            },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: API_TARGET, ws: true },
    },
  },
  preview: { port: 5173 },
});
