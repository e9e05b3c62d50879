// Connection names in the narrow column: when every name shares a leading part ending at a separator
// ("Local sandbox — MQ for IoT", "Local sandbox — Huawei IoTDA"), show only what tells them apart.
const SEPARATORS = [' — ', ' - ', ': ', ' / ', ' | '];

export function shortNames(names: Record<string, string>): Record<string, string> {
  const list = Object.values(names);
  if (list.length < 2) return { ...names };
  let prefix = list[0]!;
  for (const n of list) {
    let i = 0;
    while (i < prefix.length && i < n.length && prefix[i] === n[i]) i++;
    prefix = prefix.slice(0, i);
  }
  let cut = -1;
  for (const sep of SEPARATORS) {
    const at = prefix.lastIndexOf(sep);
    if (at >= 0) cut = Math.max(cut, at + sep.length);
  }
  if (cut <= 0) return { ...names };
  const out: Record<string, string> = {};
  for (const [id, n] of Object.entries(names)) out[id] = n.length > cut ? n.slice(cut) : n;
  return out;
}
