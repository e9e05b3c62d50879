// English explain texts: refusal explanations and pre-connect findings, keyed `explain.<code>`. Built from the
// templates in shared/vendors (explain-en.ts) so the backend log, the CLI and this catalogue say the same.
import { EXPLAIN_EN } from '../../../../shared/vendors/explain-en';

export const explain = Object.fromEntries(Object.entries(EXPLAIN_EN).map(([code, text]) => [`explain.${code}`, text])) as Record<`explain.${string}`, string>;
