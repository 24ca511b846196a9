import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { html, type Html, type PageContext } from '../public/html.ts';
import type { PortalLanguage } from '../public/i18n.ts';
import { estimateInputName, publicStatisticsStatus, statisticsInputName, type PublicInputStatus } from './service.ts';

/**
 * "Verify this figure" on the public portal: beside every published estimate and statistic, the receipt download,
 * the open-data file its inputs are in, and the command that recomputes it. When the inputs are not public (a
 * statistic over persons who are not all on the memorial), the block says so plainly: the receipt proves which
 * rows the figures were computed from, but nobody outside can recompute them from open data. Never a silent pass.
 */

const en = {
  title: 'Verify this figure',
  explain: 'The receipt commits to the exact input rows, the code version, every parameter and random seed, and the figures. It is signed with this instance’s key and recorded in its ledger.',
  receipt: 'Download the receipt (JSON)',
  input: 'Download the input it was computed from (CSV)',
  run: 'With Reckon installed, recompute the figures offline:',
  key: 'The public key to check the signature against (its verifierKey):',
  notPublic:
    'These statistics count persons who are not all public, so the rows they were computed from are not published. The receipt proves which rows were used (a Merkle root over them) and how cells were hidden, but the figures cannot be recomputed from open data. A verifier given the rows by {org} can recompute them.',
  'reason.lists_not_public': 'Not every list in this linkage run is published.',
  'reason.not_memorial_run': 'This is not the run the memorial shows.',
  'reason.persons_not_shown': 'Some persons counted are not shown on the memorial (by the organisation’s rules, or at a family’s request).',
};
type Key = keyof typeof en;

const az: Record<Key, string> = {
  title: 'Bu rəqəmi yoxlayın',
  explain: 'Qəbz dəqiq giriş sətirlərini, kodun versiyasını, hər parametri və təsadüfi toxumu, həmçinin rəqəmləri təsdiqləyir. O, bu nüsxənin açarı ilə imzalanıb və onun reyestrində qeydə alınıb.',
  receipt: 'Qəbzi yükləyin (JSON)',
  input: 'Hesablandığı giriş məlumatlarını yükləyin (CSV)',
  run: 'Reckon quraşdırılıbsa, rəqəmləri oflayn yenidən hesablayın:',
  key: 'İmzanı yoxlamaq üçün açıq açar (onun verifierKey sahəsi):',
  notPublic:
    'Bu statistika hamısı açıq olmayan şəxsləri sayır, ona görə hesablandığı sətirlər dərc olunmayıb. Qəbz hansı sətirlərin istifadə olunduğunu (onlar üzərində Merkle kökü) və xanaların necə gizlədildiyini sübut edir, lakin rəqəmləri açıq məlumatlardan yenidən hesablamaq mümkün deyil. Sətirləri {org} təqdim etdiyi yoxlayıcı onları yenidən hesablaya bilər.',
  'reason.lists_not_public': 'Bu əlaqələndirmədəki siyahıların hamısı dərc olunmayıb.',
  'reason.not_memorial_run': 'Bu, xatirə səhifəsinin göstərdiyi əlaqələndirmə deyil.',
  'reason.persons_not_shown': 'Sayılan bəzi şəxslər xatirə səhifəsində göstərilmir (təşkilatın qaydalarına görə və ya ailənin xahişi ilə).',
};

const hy: Record<Key, string> = {
  title: 'Ստուգել այս թիվը',
  explain: 'Անդորրագիրը ամրագրում է մուտքային տողերը ճշգրիտ, կոդի տարբերակը, յուրաքանչյուր պարամետր և պատահական սերմ, ինչպես նաև թվերը։ Այն ստորագրված է այս օրինակի բանալիով և գրանցված է նրա մատյանում։',
  receipt: 'Ներբեռնել անդորրագիրը (JSON)',
  input: 'Ներբեռնել մուտքային տվյալները, որոնցից այն հաշվարկվել է (CSV)',
  run: 'Եթե Reckon-ը տեղադրված է, վերահաշվեք թվերը անցանց՝',
  key: 'Ստորագրությունը ստուգելու բաց բանալին (դրա verifierKey դաշտը)՝',
  notPublic:
    'Այս վիճակագրությունը հաշվում է անձանց, որոնք բոլորը հրապարակային չեն, ուստի այն տողերը, որոնցից այն հաշվարկվել է, հրապարակված չեն։ Անդորրագիրը ապացուցում է, թե որ տողերն են օգտագործվել (Մերկլի արմատ դրանց վրա) և ինչպես են թաքցվել բջիջները, բայց թվերը հնարավոր չէ վերահաշվել բաց տվյալներից։ Ստուգողը, որին {org}-ը տրամադրի տողերը, կարող է վերահաշվել դրանք։',
  'reason.lists_not_public': 'Այս կապակցման բոլոր ցուցակները հրապարակված չեն։',
  'reason.not_memorial_run': 'Սա այն կապակցումը չէ, որը ցույց է տալիս հուշահամալիրը։',
  'reason.persons_not_shown': 'Հաշվված որոշ անձինք ցույց չեն տրվում հուշահամալիրում (կազմակերպության կանոններով կամ ընտանիքի խնդրանքով)։',
};

const ru: Record<Key, string> = {
  title: 'Проверить эту цифру',
  explain: 'Квитанция фиксирует точные входные строки, версию кода, каждый параметр и случайное зерно, а также сами цифры. Она подписана ключом этого экземпляра и записана в его реестр.',
  receipt: 'Скачать квитанцию (JSON)',
  input: 'Скачать входные данные, по которым она вычислена (CSV)',
  run: 'Если Reckon установлен, пересчитайте цифры без сети:',
  key: 'Открытый ключ для проверки подписи (поле verifierKey):',
  notPublic:
    'Эта статистика считает людей, не все из которых опубликованы, поэтому строки, по которым она вычислена, не публикуются. Квитанция доказывает, какие строки использованы (корень Меркла над ними) и как скрыты ячейки, но пересчитать цифры по открытым данным нельзя. Проверяющий, которому {org} передаст строки, может их пересчитать.',
  'reason.lists_not_public': 'Не все списки этого связывания опубликованы.',
  'reason.not_memorial_run': 'Это не то связывание, которое показывает мемориал.',
  'reason.persons_not_shown': 'Некоторые учтённые люди не показаны в мемориале (по правилам организации или по просьбе семьи).',
};

export const receiptPortalMessages: Record<PortalLanguage, Record<Key, string>> = { en, az, hy, ru };

function t(lang: PortalLanguage, key: Key, params: Record<string, string> = {}): string {
  return receiptPortalMessages[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `{${name}}`);
}

export interface ReceiptLinks {
  receipt: string;
  /** The names the files are served under (content-disposition), for the command. */
  files: { receipt: string; input: string | null };
  /** The open-data file the inputs are in; null when they are not public (then `reason` says why). */
  input: string | null;
  reason?: PublicInputStatus['reason'];
}

/** The block itself; the command names the files as the browser saves them. */
export function receiptBlock(ctx: PageContext, links: ReceiptLinks): Html {
  const { lang } = ctx;
  const command = `reckon receipt verify ${links.files.receipt}${links.input && links.files.input ? ` --data ${links.files.input}` : ''} --key '<verifierKey>'`;
  return html`<aside class="receipt" aria-label="${t(lang, 'title')}"><h3>${t(lang, 'title')}</h3><p>${t(lang, 'explain')}</p>
<ul><li><a href="${links.receipt}" download>${t(lang, 'receipt')}</a></li>${links.input ? html`<li><a href="${links.input}" download>${t(lang, 'input')}</a></li>` : ''}</ul>
${links.input ? '' : html`<p class="warning">${t(lang, 'notPublic', { org: ctx.org })}${links.reason ? html` ${t(lang, `reason.${links.reason}`)}` : ''}</p>`}
<p>${t(lang, 'run')}</p><pre><code>${command}</code></pre><p class="muted">${t(lang, 'key')} <a href="/api/ledger/public-key">/api/ledger/public-key</a></p></aside>`;
}

/** Where a published figure's receipt and input are, for the portal's pages. */
export class PortalReceipts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly memorialTotal: () => Promise<number>,
  ) {}

  estimate(id: string): ReceiptLinks {
    const e = encodeURIComponent(id);
    return { receipt: `/api/public/estimates/${e}/receipt`, input: `/api/public/estimates/${e}/receipt/input.csv`, files: { receipt: `estimate-${id}-receipt.json`, input: estimateInputName(id) } };
  }

  async statistics(runId: string): Promise<ReceiptLinks> {
    const r = encodeURIComponent(runId);
    const status = await publicStatisticsStatus(this.db, runId, this.memorialTotal);
    return {
      receipt: `/api/public/statistics/${r}/receipt`,
      input: status.inputPublic ? `/api/public/statistics/${r}/receipt/persons.csv` : null,
      files: { receipt: `statistics-${runId}-receipt.json`, input: status.inputPublic ? statisticsInputName(runId) : null },
      reason: status.reason,
    };
  }
}
