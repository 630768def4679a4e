import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { OrgLifeReport, RectificationStatus } from '@tongxin/contract';

const STATUS: Record<RectificationStatus, string> = {
  open: '未开始',
  in_progress: '整改中',
  done: '已完成',
};

/** A calendar day or timestamp as read in Asia/Shanghai: 2026年12月4日. */
function chineseDate(value: string): string {
  const day = value.length === 10 ? value : shanghaiDay(new Date(value));
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function shanghaiDay(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
}

const text = (value: string, bold = false) =>
  new Paragraph({ children: [new TextRun({ text: value, bold })] });

const heading = (value: string) => new Paragraph({ text: value, heading: HeadingLevel.HEADING_2 });

/** Paragraphs of a multi-line text, one per line, so the record's own breaks survive. */
const lines = (value: string) =>
  (value.trim() ? value.trim().split(/\n+/) : ['（无）']).map((line) => text(line));

function table(header: string[], rows: string[][]): Table {
  const cell = (value: string, bold = false) =>
    new TableCell({ children: value.split('\n').map((line) => text(line, bold)) });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) })),
    ],
  });
}

/**
 * 组织生活会情况报告 as a Word document, laid out from the report's fields alone: meeting facts,
 * attendance, opinions, each member's self-criticism, the rectification items and their state.
 */
export async function reportDocx(report: OrgLifeReport): Promise<Buffer> {
  const m = report.meeting;
  const a = report.attendance;
  const o = report.opinions;
  const doc = new Document({
    creator: 'Tongxin',
    title: `${m.orgName}${m.year}年度组织生活会情况报告`,
    sections: [
      {
        children: [
          new Paragraph({
            text: `${m.orgName}关于召开${m.year}年度组织生活会情况的报告`,
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
          }),
          text(m.reportedToOrgName ? `${m.reportedToOrgName}：` : ''),
          heading('一、会议基本情况'),
          table(
            ['项目', '内容'],
            [
              ['会议名称', m.title],
              ['召开日期', m.meetingDate ? chineseDate(m.meetingDate) : '（未记录）'],
              [
                '参会情况',
                a
                  ? `应到${a.expected}人，实到${a.present}人，请假${a.leave}人，缺席${a.absent}人`
                  : '（未关联会议活动，无签到记录）',
              ],
            ],
          ),
          ...lines(m.summary),
          heading('二、会前征求意见情况'),
          text(
            `共征求意见${o.total}条，其中对支部委员会${o.aboutCommittee}条、对委员个人${o.aboutMembers}条；` +
              `来自群众${o.fromMasses}条，匿名${o.anonymous}条。`,
          ),
          ...lines(o.summary),
          heading('三、党员自我批评和相互批评情况'),
          table(
            ['姓名', '自我批评摘要', '收到批评意见（条）'],
            report.members.map((p) => [
              p.name,
              p.selfCriticismExcerpt ?? '（未记录）',
              String(p.criticismsReceived),
            ]),
          ),
          heading('四、整改事项及落实情况'),
          report.rectifications.length > 0
            ? table(
                ['序号', '存在问题', '整改措施', '责任人', '完成时限', '状态', '整改成效'],
                report.rectifications.map((r, i) => [
                  String(i + 1),
                  r.problem,
                  r.measure,
                  r.ownerName,
                  chineseDate(r.deadline),
                  r.overdue ? `${STATUS[r.status]}（已逾期）` : STATUS[r.status],
                  r.evidence
                    ? `${r.evidence}${r.closedAt ? `\n${r.closedByName ?? ''} ${chineseDate(r.closedAt)}确认` : ''}`
                    : '',
                ]),
              )
            : text('（无整改事项）'),
          new Paragraph({ text: '' }),
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [new TextRun(`中共${m.orgName.replace(/^中共/, '')}`)],
          }),
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [new TextRun(chineseDate(m.submittedAt ?? report.generatedAt))],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
