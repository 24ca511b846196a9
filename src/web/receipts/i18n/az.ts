import type { ReceiptsMessages } from './en.ts';

/** "Bu rəqəmi yoxlayın" blokunun Azərbaycan dilində mətnləri. */
export const receiptsAz: ReceiptsMessages = {
  'receipts.title': 'Bu rəqəmi yoxlayın',
  'receipts.explain':
    'Qəbz dəqiq giriş sətirlərini, kodun versiyasını, hər parametri və təsadüfi toxumu, həmçinin rəqəmləri təsdiqləyir. O, bu nüsxənin açarı ilə imzalanıb və onun reyestrində qeydə alınıb. Hər kəs rəqəmləri ondan oflayn yenidən hesablaya bilər.',
  'receipts.download': 'Qəbzi yükləyin (JSON)',
  'receipts.downloadInput': 'Giriş cədvəlini yükləyin (CSV)',
  'receipts.how': 'Reckon quraşdırılıbsa, icra edin:',
  'receipts.key': 'İmzanı yoxlamaq üçün açıq açar /api/ledger/public-key ünvanındadır.',
  'receipts.inputNotPublic':
    'Bu rəqəmlərin hesablandığı sətirlər dərc olunmayıb. Qəbz hansı sətirlərin istifadə olunduğunu (onlar üzərində Merkle kökü) və necə istifadə olunduğunu sübut edir, lakin rəqəmləri yalnız bu sətirlər verilmiş şəxs yenidən hesablaya bilər.',
};
