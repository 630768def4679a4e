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
import type { ActivityRecord } from '@tongxin/contract';
import { MAKEUP_NAMES, TYPE_NAMES, timeRange } from './labels.ts';

const FONT = 'SimSun';

const text = (value: string, bold = false) => new TextRun({ text: value, bold, font: FONT });
const para = (value: string, bold = false) => new Paragraph({ children: [text(value, bold)] });

function cell(value: string, opts: { bold?: boolean; span?: number; width?: number } = {}) {
  return new TableCell({
    children: value.split('\n').map((line) => para(line, opts.bold ?? false)),
    ...(opts.span ? { columnSpan: opts.span } : {}),
    ...(opts.width ? { width: { size: opts.width, type: WidthType.PERCENTAGE } } : {}),
  });
}

const names = (list: readonly { name: string }[]): string =>
  list.length > 0 ? list.map((p) => p.name).join('、') : '无';

/**
 * The minutes (会议记录) in the usual layout: a header table (time, place, host, recorder,
 * expected, present, absent with reasons), the agenda, the content (each speaker's points),
 * resolutions with their votes, 补学, and the two signature lines.
 */
export async function minutesDocx(record: ActivityRecord): Promise<Buffer> {
  const present = record.attendees.filter((a) => a.status === 'present');
  const away = record.attendees.filter((a) => a.status === 'absent' || a.status === 'leave');
  const awayText =
    away.length > 0
      ? away
          .map(
            (a) =>
              `${a.name}（${a.status === 'leave' ? '请假' : '缺席'}${a.note ? `：${a.note}` : ''}）`,
          )
          .join('；')
      : '无';
  const lecturer = record.details.type === 'party_lecture' ? record.details.lecturerName : null;
  const header: [string, string][] = [
    ['会议类型', TYPE_NAMES[record.type]],
    ['议题', record.title],
    ['时间', timeRange(new Date(record.startsAt), new Date(record.endsAt))],
    ['地点', record.place],
    ['主持人', record.host?.name ?? ''],
    ['记录人', record.recorder?.name ?? ''],
    ...(lecturer ? ([['授课人', lecturer]] as [string, string][]) : []),
    ['参加支部', [record.orgName, ...record.partnerOrgs.map((o) => o.name)].join('、')],
    [`应到（${record.counts.expected}人）`, names(record.attendees)],
    [`实到（${record.counts.present}人）`, names(present)],
    [`缺席（${away.length}人）`, awayText],
  ];
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: header.map(
      ([label, value]) =>
        new TableRow({
          children: [cell(label, { bold: true, width: 22 }), cell(value, { width: 78 })],
        }),
    ),
  });
  const agenda = record.minutes.agenda.length
    ? record.minutes.agenda
    : 'agenda' in record.details
      ? record.details.agenda.map((title) => ({ title, notes: '' }))
      : [];
  const body: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [text(`${record.orgName}${TYPE_NAMES[record.type]}会议记录`, true)],
    }),
    table,
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [text('一、会议议程', true)] }),
    ...(agenda.length > 0
      ? agenda.map((a, i) => para(`${i + 1}. ${a.title}${a.notes ? `：${a.notes}` : ''}`))
      : [para('无')]),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [text('二、会议内容', true)] }),
    ...(record.minutes.speeches.length > 0
      ? record.minutes.speeches.map(
          (s) =>
            new Paragraph({
              children: [
                text(`${s.speakerName}`, true),
                text(
                  `${s.agendaIndex !== null && agenda[s.agendaIndex] ? `（${agenda[s.agendaIndex]?.title}）` : ''}：${s.points}`,
                ),
              ],
            }),
        )
      : [para('无')]),
    ...(record.minutes.summary ? [para(`小结：${record.minutes.summary}`)] : []),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [text('三、决议事项', true)] }),
    ...(record.minutes.resolutions.length > 0
      ? record.minutes.resolutions.flatMap((r, i) => [
          para(`${i + 1}. ${r.title}${r.text ? `：${r.text}` : ''}`, true),
          para(
            `表决结果：应参加表决${r.entitled}人，赞成${r.votesFor}票，反对${r.votesAgainst}票，弃权${r.votesAbstain}票，${r.passed ? '通过' : '未通过'}。`,
          ),
        ])
      : [para('无')]),
  ];
  if (record.makeups.length > 0) {
    body.push(
      new Paragraph({ heading: HeadingLevel.HEADING_1, children: [text('四、补学情况', true)] }),
      ...record.makeups.map((m) =>
        para(
          `${m.name}：${m.date}，${MAKEUP_NAMES[m.method]}，${m.content}（确认人：${m.confirmedByName}）`,
        ),
      ),
    );
  }
  body.push(para(''), para('主持人签字：________________        记录人签字：________________'));
  if (record.version > 1) {
    body.push(para(`（第${record.version}版，含更正）`));
  }
  const doc = new Document({
    creator: 'Tongxin',
    title: `${record.title} 会议记录`,
    sections: [{ children: body }],
  });
  return Packer.toBuffer(doc);
}
