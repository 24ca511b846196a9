import type { ReceiptsMessages } from './en.ts';

/** Тексты блока «Проверить эту цифру» на русском. */
export const receiptsRu: ReceiptsMessages = {
  'receipts.title': 'Проверить эту цифру',
  'receipts.explain':
    'Квитанция фиксирует точные входные строки, версию кода, каждый параметр и случайное зерно, а также сами цифры. Она подписана ключом этого экземпляра и записана в его реестр. Любой может пересчитать цифры по ней без сети.',
  'receipts.download': 'Скачать квитанцию (JSON)',
  'receipts.downloadInput': 'Скачать входную таблицу (CSV)',
  'receipts.how': 'Если Reckon установлен, выполните:',
  'receipts.key': 'Открытый ключ для проверки подписи доступен по адресу /api/ledger/public-key.',
};
