// `npm run dev`: the API server (restarted on change by tsx watch) and Vite's dev server with
// hot reload, which proxies /api to it. Ctrl-C stops both.
import { spawn } from 'node:child_process';

const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', 'server/src/cli.ts', 'serve'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      DATA_DIR: process.env.DATA_DIR ?? 'data',
      // Links the server prints (the setup link) open the hot-reloading app, not port 3000.
      PUBLIC_URL: process.env.PUBLIC_URL ?? 'http://127.0.0.1:5173',
    },
  }),
  spawn('npm', ['run', 'dev', '-w', '@tongxin/web'], { stdio: 'inherit' }),
];

const stop = (code) => {
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
};
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
