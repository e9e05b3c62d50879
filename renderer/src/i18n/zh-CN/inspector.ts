import type { inspector as en } from '../en/inspector';

// Simplified Chinese for the inspector: the same keys as ../en/inspector.ts.
export const inspector: Record<keyof typeof en, string> = {
  'inspector.view.raw': '原始',
  'inspector.gap': '有 {count} 条消息到达得太快，本视图未能逐条显示；它们在上方列表中。',
  'inspector.gap.show': '跳转查看',
  'inspector.columns.menu': '列',
  'inspector.columns.sortHint': '按此列对整个列表排序（再次点击：降序，然后恢复到达顺序）。拖到另一个列标题上可移动位置。',
  'inspector.columns.resize': '调整“{column}”列宽',
  'inspector.columns.moveUp': '将“{column}”左移',
  'inspector.columns.moveDown': '将“{column}”右移',
  'inspector.columns.amqpOnly': '（仅 AMQP 数据源）',
  'inspector.columns.done': '完成',
  'inspector.json.lossy': '{text}（第 {line} 行）在 JavaScript 中会被读成 {js}；此处按原样显示。',
  'inspector.json.lossyMarker': 'JavaScript 会把这个数字读成 {js}。此处按原样显示。',
  'inspector.json.duplicate': '键 {key} 在第 {line} 行重复出现；两者都按原样保留（多数解析器只保留最后一个）。',
  'inspector.json.invalid': '不是有效的 JSON（第 {line} 行，第 {column} 列）：{reason}。按原样显示。',
  'inspector.json.error.unexpected-char': '意外的字符 {found}',
  'inspector.json.error.unexpected-end': '文本在 JSON 结束之前就结束了',
  'inspector.json.error.bad-escape': '反斜杠后的转义无效',
  'inspector.json.error.bad-number': '数字格式错误',
  'inspector.json.error.control-char': '字符串中的控制字符必须转义',
  'inspector.json.error.trailing': 'JSON 值之后还有多余的文本（{found}）',
  'inspector.raw.escaped': '不是有效的 UTF-8：不属于任何字符的字节显示为 \\xNN，反斜杠显示为 \\\\。',
};
