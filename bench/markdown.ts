// `npm run bench -- markdown [--rounds N]`: how long renderMessage takes for ordinary chat
// messages and for worst-case inputs at the length limit (catastrophic backtracking shows here).
import { parseArgs } from 'node:util';
import { MAX_MESSAGE_LENGTH, renderMessage } from '../server/src/platform/markdown/markdown.ts';

const ORDINARY = [
  '同志们好，**本周五下午 3 点**在三楼会议室召开支部党员大会，请准时参加。',
  '@张三 请把主题党日的照片发到群里，谢谢！\n> 上次的材料已经收到',
  '学习资料：https://www.12371.cn/special/xxzd/，请大家在周末前学完并在本话题下交流心得。',
  '1. 传达上级精神\n2. 讨论发展对象\n3. 其他事项\n\n`会议纪要` 由 @李四 整理。',
];

const n = MAX_MESSAGE_LENGTH - 10;
const WORST = {
  'quote markers': '>'.repeat(n),
  asterisks: '*'.repeat(n),
  'open emphasis': '**a'.repeat(n / 3),
  brackets: '['.repeat(n / 2) + ']'.repeat(n / 2),
  'open links': '[x]('.repeat(n / 4),
  'list markers': '- '.repeat(n / 2),
  backticks: '`'.repeat(n),
  'at signs': '@'.repeat(n),
  'Chinese handles': '@张'.repeat(n / 2),
  'long URL': 'https://a.example/' + '('.repeat(n / 2 - 20),
  'many URLs': 'https://a.com '.repeat(n / 15),
};

const resolveMention = (handle: string) =>
  handle === '张三' || handle === '李四' ? { id: handle, displayName: handle } : null;

async function time(source: string, rounds: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await renderMessage(source, { resolveMention });
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { rounds: { type: 'string', default: '200' } } });
  const rounds = Math.max(1, Number(values.rounds));
  const ordinary = (await Promise.all(ORDINARY.map((m) => time(m, rounds)))).flat();
  ordinary.sort((a, b) => a - b);
  console.log(`renderMessage, ordinary chat messages (${ordinary.length} renders)`);
  console.log(`  p50 ${pct(ordinary, 50).toFixed(3)} ms  p95 ${pct(ordinary, 95).toFixed(3)} ms`);
  console.log(`worst-case inputs of ${n} characters (${Math.min(rounds, 5)} renders each)`);
  for (const [name, source] of Object.entries(WORST)) {
    const samples = await time(source, Math.min(rounds, 5));
    console.log(`  ${name.padEnd(16)} max ${Math.max(...samples).toFixed(1)} ms`);
  }
}
