// 拒绝原因说明与连接前检查的中文文本，键为 `explain.<code>`，与 ../en/explain.ts（来自 shared/vendors 的英文模板）同键。
export const explain: Record<`explain.${string}`, string> = {};
