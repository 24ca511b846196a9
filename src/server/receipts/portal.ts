import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { html, type Html, type PageContext } from '../portal/html.ts';
import type { PortalLanguage } from '../portal/i18n.ts';
import { REGISTRY_INPUTS } from '../../core/receipts/index.ts';
import { estimateInputName, publicStatisticsStatus, statisticsInputName, type PublicInputStatus } from './service.ts';
import { dialogueReceiptName, estimateReceiptName, REGISTRY_RECEIPT_NAME, statisticsReceiptName } from '../../core/receipts/file-names.ts';
import { memorialRunId } from './repository.ts';

/**
 * "Verify this figure" on the public portal: beside every published estimate, statistic and dialogue report, and
 * beside the registry's published casualty figures, the receipt download, the open-data files its inputs are in,
 * and the command that recomputes it. When the inputs are not public (a statistic over persons who are not all on
 * the memorial, a dialogue report's vote table), the block says so plainly: the receipt proves which rows the
 * figures were computed from, but nobody outside can recompute them from open data. Never a silent pass.
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
  notPublicVotes:
    'The vote table this report was computed from (one row per vote: a participant number, an opinion group, a statement, the vote) is shared with the conversation’s facilitators and not published, so the figures cannot be recomputed from open data. The receipt proves which votes were counted (a Merkle root over them), with which parameters, and that this instance signed it and recorded it in its ledger. A verifier given the table by {org} can recompute the figures.',
  inputs: 'Download the files it was computed from (CSV), in this order:',
  'registry.title': 'Casualty figures in the claims registry',
  'registry.lead':
    'Every published casualty figure in the claims registry, attributed to whoever asserts it, with the interval it allows, per claim and per source. Reckon does not choose between them. The receipt commits to the published records, written as the registry’s import files.',
  memorial: 'The number of persons on the memorial is the number of rows of the persons table this receipt commits to: the persons of the linkage run whose published statistics the memorial shows.',
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
  notPublicVotes:
    'Bu hesabatın hesablandığı səs cədvəli (hər səs üçün bir sətir: iştirakçı nömrəsi, fikir qrupu, müddəa, səs) yalnız söhbətin aparıcıları ilə paylaşılır və dərc olunmayıb, ona görə rəqəmləri açıq məlumatlardan yenidən hesablamaq mümkün deyil. Qəbz hansı səslərin sayıldığını (onlar üzərində Merkle kökü), hansı parametrlərlə hesablandığını və bu nüsxənin onu imzalayıb reyestrinə yazdığını sübut edir. Cədvəli {org} təqdim etdiyi yoxlayıcı rəqəmləri yenidən hesablaya bilər.',
  inputs: 'Hesablandığı faylları (CSV) bu ardıcıllıqla yükləyin:',
  'registry.title': 'İddialar reyestrində itki rəqəmləri',
  'registry.lead':
    'İddialar reyestrində dərc olunmuş hər itki rəqəmi, onu irəli sürənə aid edilərək, icazə verdiyi intervalla, hər iddia və hər mənbə üzrə. Reckon onlar arasında seçim etmir. Qəbz reyestrin idxal faylları şəklində yazılmış dərc olunmuş qeydləri təsdiqləyir.',
  memorial: 'Xatirə siyahısındakı şəxslərin sayı bu qəbzin təsdiqlədiyi şəxslər cədvəlinin sətirlərinin sayıdır: xatirə siyahısının dərc olunmuş statistikasını göstərdiyi əlaqələndirmə işinin şəxsləri.',
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
  notPublicVotes:
    'Քվեների աղյուսակը, որից հաշվարկվել է այս զեկույցը (մեկ տող յուրաքանչյուր քվեի համար՝ մասնակցի համար, կարծիքների խումբ, պնդում, քվե), տրամադրվում է միայն զրույցի վարողներին և հրապարակված չէ, ուստի թվերը հնարավոր չէ վերահաշվել բաց տվյալներից։ Անդորրագիրը ապացուցում է, թե որ քվեներն են հաշվվել (Մերկլի արմատ դրանց վրա), ինչ պարամետրերով, և որ այս օրինակը այն ստորագրել և գրանցել է իր մատյանում։ Ստուգողը, որին {org}-ը տրամադրի աղյուսակը, կարող է վերահաշվել թվերը։',
  inputs: 'Ներբեռնել այն ֆայլերը (CSV), որոնցից այն հաշվարկվել է, այս հերթականությամբ՝',
  'registry.title': 'Զոհերի թվերը պնդումների ռեեստրում',
  'registry.lead':
    'Պնդումների ռեեստրում հրապարակված զոհերի յուրաքանչյուր թիվ՝ վերագրված այն պնդողին, այն միջակայքով, որը թույլ է տալիս, ըստ պնդման և ըստ աղբյուրի։ Reckon-ը դրանց միջև ընտրություն չի անում։ Անդորրագիրը ամրագրում է հրապարակված գրառումները՝ գրված ռեեստրի ներմուծման ֆայլերի տեսքով։',
  memorial: 'Հուշամատյանում անձանց թիվը այն անձանց աղյուսակի տողերի թիվն է, որին հավաստում է այս անդորրագիրը՝ այն կապակցման գործարկման անձինք, որի հրապարակված վիճակագրությունը ցույց է տալիս հուշամատյանը։',
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
  notPublicVotes:
    'Таблица голосов, по которой вычислен этот отчёт (одна строка на голос: номер участника, группа мнений, утверждение, голос), доступна только ведущим беседы и не публикуется, поэтому пересчитать цифры по открытым данным нельзя. Квитанция доказывает, какие голоса учтены (корень Меркла над ними), с какими параметрами, и что этот экземпляр подписал её и записал в свой реестр. Проверяющий, которому {org} передаст таблицу, может пересчитать цифры.',
  inputs: 'Скачать файлы, по которым она вычислена (CSV), в этом порядке:',
  'registry.title': 'Цифры жертв в реестре утверждений',
  'registry.lead':
    'Каждая опубликованная в реестре утверждений цифра жертв — с указанием, кто её утверждает, и с допускаемым ею интервалом, по каждому утверждению и по каждому источнику. Reckon не выбирает между ними. Квитанция фиксирует опубликованные записи в виде файлов импорта реестра.',
  memorial: 'Число лиц в мемориале — это число строк таблицы лиц, которую удостоверяет эта квитанция: лица того прогона связывания, чью опубликованную статистику показывает мемориал.',
};

export const receiptPortalMessages: Record<PortalLanguage, Record<Key, string>> = { en, az, hy, ru };

function t(lang: PortalLanguage, key: Key, params: Record<string, string> = {}): string {
  return receiptPortalMessages[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `{${name}}`);
}

export interface ReceiptLinks {
  receipt: string;
  /** The name the receipt is served under (content-disposition), for the command. */
  receiptFile: string;
  /** The open-data files the inputs are in, in the order `--data` takes them; empty when they are not public. */
  inputs: Array<{ href: string; file: string }>;
  /** Why the inputs are not public: a statistic's reason, or `votes` for a dialogue report's vote table. */
  reason?: PublicInputStatus['reason'] | 'votes';
}

/** The block itself; the command names the files as the browser saves them. */
export function receiptBlock(ctx: PageContext, links: ReceiptLinks): Html {
  const { lang } = ctx;
  const data = links.inputs.length ? ` --data ${links.inputs.map((i) => i.file).join(' ')}` : '';
  const command = `reckon receipt verify ${links.receiptFile}${data} --key '<verifierKey>'`;
  const one = links.inputs.length === 1;
  const notPublic =
    links.reason === 'votes'
      ? t(lang, 'notPublicVotes', { org: ctx.org })
      : html`${t(lang, 'notPublic', { org: ctx.org })}${links.reason ? html` ${t(lang, `reason.${links.reason}`)}` : ''}`;
  return html`<aside class="receipt" aria-label="${t(lang, 'title')}"><h3>${t(lang, 'title')}</h3><p>${t(lang, 'explain')}</p>
<ul><li><a href="${links.receipt}" download>${t(lang, 'receipt')}</a></li>${one ? html`<li><a href="${links.inputs[0].href}" download>${t(lang, 'input')}</a></li>` : ''}</ul>
${links.inputs.length > 1 ? html`<p>${t(lang, 'inputs')}</p><ol>${links.inputs.map((i) => html`<li><a href="${i.href}" download>${i.file}</a></li>`)}</ol>` : ''}
${links.inputs.length ? '' : html`<p class="warning">${notPublic}</p>`}
<p>${t(lang, 'run')}</p><pre><code>${command}</code></pre><p class="muted">${t(lang, 'key')} <a href="/api/ledger/public-key">/api/ledger/public-key</a></p></aside>`;
}

/** Under the memorial's number of persons: what the number is, and its receipt. */
export function memorialCountBlock(ctx: PageContext, links: ReceiptLinks): Html {
  return html`<section id="memorial-count-receipt"><p>${t(ctx.lang, 'memorial')}</p>${receiptBlock(ctx, links)}</section>`;
}

/** The registry's published casualty figures with their receipt, for the portal's open-data page. */
export function registryFiguresBlock(ctx: PageContext, links: ReceiptLinks): Html {
  return html`<section id="registry-figures"><h2>${t(ctx.lang, 'registry.title')}</h2><p>${t(ctx.lang, 'registry.lead')}</p>${receiptBlock(ctx, links)}</section>`;
}

/** Where a published figure's receipt and inputs are, for the portal's pages. */
export class PortalReceipts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly memorialTotal: () => Promise<number>,
  ) {}

  estimate(id: string): ReceiptLinks {
    const e = encodeURIComponent(id);
    return { receipt: `/api/public/estimates/${e}/receipt`, receiptFile: estimateReceiptName(id), inputs: [{ href: `/api/public/estimates/${e}/receipt/input.csv`, file: estimateInputName(id) }] };
  }

  /** A published statistic's receipt address alone: whether its persons table is public takes a count, left to `statistics`. */
  statisticsReceipt(runId: string): string {
    return `/api/public/statistics/${encodeURIComponent(runId)}/receipt`;
  }

  async statistics(runId: string): Promise<ReceiptLinks> {
    const r = encodeURIComponent(runId);
    const status = await publicStatisticsStatus(this.db, runId, this.memorialTotal);
    return {
      receipt: this.statisticsReceipt(runId),
      receiptFile: statisticsReceiptName(runId),
      inputs: status.inputPublic ? [{ href: `/api/public/statistics/${r}/receipt/persons.csv`, file: statisticsInputName(runId) }] : [],
      reason: status.reason,
    };
  }

  /**
   * A published dialogue report: the receipt is anyone's (the API serves it to whoever may read the report), the vote
   * table its facilitators' only, so the block says the figures cannot be recomputed from open data.
   */
  dialogueReport(conversationId: string): ReceiptLinks {
    return { receipt: `/api/dialogue/conversations/${encodeURIComponent(conversationId)}/report/receipt`, receiptFile: dialogueReceiptName(conversationId), inputs: [], reason: 'votes' };
  }

  /**
   * The receipt behind the memorial's number of persons: the statistics of the run the memorial shows, when the
   * memorial shows every person of that run (then its count is the statistics' persons total, and the persons table
   * is open data); null otherwise, when no receipt stands behind that number.
   */
  async memorial(): Promise<ReceiptLinks | null> {
    const runId = await memorialRunId(this.db);
    if (!runId) return null;
    const links = await this.statistics(runId);
    return links.inputs.length ? links : null;
  }

  /** The registry's published casualty figures: public records only, so all four files are open data. */
  registryFigures(): ReceiptLinks {
    return { receipt: '/api/registry/figures/receipt', receiptFile: REGISTRY_RECEIPT_NAME, inputs: REGISTRY_INPUTS.map((file) => ({ href: `/api/registry/figures/receipt/${file}`, file })) };
  }
}
