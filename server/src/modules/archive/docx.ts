import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { EntryRow } from './service.ts';

/*
 * The readable Word copy of an entry in a package. The JSON beside it is what the proofs
 * cover; this is for people, so it shows the same fields with Chinese labels, the body text as
 * paragraphs, and lists of records (a topic's messages) one by one.
 */

const KIND_NAMES: Record<string, string> = {
  notice: '通知公告',
  topic: '交流话题',
  activity: '组织生活活动',
  minutes: '会议记录',
  talk: '谈心谈话记录',
  evaluation: '民主评议结果',
  rectification: '整改事项',
};

const LABELS: Record<string, string> = {
  title: '标题',
  body: '正文',
  sender: '发送人',
  sentAt: '发送时间',
  organisation: '组织',
  recipients: '接收人数',
  requiresAck: '需确认收到',
  deadline: '截止时间',
  includeSubtree: '含下级组织',
  chosenMembers: '指定党员',
  withdrawn: '已撤回',
  withdrawnAt: '撤回时间',
  withdrawnBy: '撤回人',
  withdrawReason: '撤回原因',
  space: '交流空间',
  topic: '话题',
  tags: '标签',
  startedBy: '发起人',
  startedAt: '发起时间',
  resolved: '已解决',
  note: '归档说明',
  messages: '消息',
  author: '作者',
  at: '时间',
  text: '内容',
  editedAt: '编辑时间',
  attachments: '附件',
};

const label = (key: string): string => LABELS[key] ?? key;

/** Beijing time for people; the JSON keeps UTC. */
function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value)) {
    const d = new Date(new Date(value).getTime() + 8 * 3600_000);
    return `${d.toISOString().slice(0, 19).replace('T', ' ')}（北京时间）`;
  }
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    return value.length > 0 ? value.map(show).join('、') : '—';
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function field(key: string, value: unknown, indent = 0): Paragraph[] {
  if (typeof value === 'string' && value.includes('\n')) {
    return [
      new Paragraph({
        indent: { left: indent },
        children: [new TextRun({ text: `${label(key)}：`, bold: true })],
      }),
      ...value
        .split('\n')
        .map((line) => new Paragraph({ indent: { left: indent + 360 }, text: line })),
    ];
  }
  if (Array.isArray(value) && value.some((v) => typeof v === 'object' && v !== null)) {
    const out = [
      new Paragraph({
        indent: { left: indent },
        children: [new TextRun({ text: `${label(key)}（${value.length}）`, bold: true })],
      }),
    ];
    value.forEach((item, i) => {
      out.push(
        new Paragraph({
          indent: { left: indent + 360 },
          children: [new TextRun({ text: `${i + 1}.`, bold: true })],
        }),
      );
      if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
        for (const [k, v] of Object.entries(item as Record<string, unknown>))
          out.push(...field(k, v, indent + 720));
      } else {
        out.push(new Paragraph({ indent: { left: indent + 720 }, text: show(item) }));
      }
    });
    return out;
  }
  return [
    new Paragraph({
      indent: { left: indent },
      children: [new TextRun({ text: `${label(key)}：`, bold: true }), new TextRun(show(value))],
    }),
  ];
}

export async function entryDocx(row: EntryRow): Promise<Uint8Array> {
  const content = JSON.parse(row.content) as Record<string, unknown>;
  const doc = new Document({
    creator: 'Tongxin 同心',
    title: row.title,
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, text: row.title }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, text: '档案信息' }),
          ...field('类别', KIND_NAMES[row.kind] ?? row.kind),
          ...field('组织', row.orgName),
          ...field('档案序号', row.seq),
          ...field(
            '版本',
            row.supersedes === null
              ? `${row.version}`
              : `${row.version}（修订第 ${row.supersedes} 号档案）`,
          ),
          ...field('发生时间', row.occurredAt.toISOString()),
          ...field('归档时间', row.archivedAt.toISOString()),
          ...field('归档人', row.archivedBy),
          ...field('叶子哈希（SM3）', row.leafHash),
          new Paragraph({ heading: HeadingLevel.HEADING_2, text: '内容' }),
          ...Object.entries(content).flatMap(([k, v]) => field(k, v)),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
