/**
 * Name parts for the synthetic population, written for this project: common Azerbaijani given names in
 * Azerbaijani Latin, common Armenian given names in Armenian script, and roots from which family names are formed
 * the way each tradition forms them (Azerbaijani root + -ov/-yev/-li/-zadə, Armenian root + -յան). Persons built
 * from them are fictional; no list of victims was used.
 */

export const AZ_MALE = [
  'Əli', 'Məmməd', 'Həsən', 'Hüseyn', 'Elçin', 'Vüqar', 'Rəşad', 'Elnur', 'Kamran', 'Tural', 'Orxan', 'Rauf', 'Fərid',
  'Ramiz', 'Vaqif', 'Cavid', 'Səməd', 'İlham', 'Namiq', 'Şahin', 'Zaur', 'Elşən', 'Anar', 'Nicat', 'Rövşən', 'Xəlil',
  'Qasım', 'Ağa', 'Nəsib', 'Bəhruz', 'Cəlal', 'Fuad', 'Yaşar', 'Mübariz', 'Etibar', 'Natiq', 'Şamil', 'Azər', 'Tofiq',
  'Rafiq', 'Mirzə', 'Kərim', 'Sadıq', 'Ədalət', 'Əziz', 'Bəxtiyar', 'Cahid', 'Eldar', 'İsmayıl', 'Qurban', 'Rasim',
  'Sabir', 'Tahir', 'Vidadi', 'Xaqani', 'Zakir', 'Oqtay', 'Nurlan', 'Firudin', 'Həmid', 'Elxan', 'Mahir', 'Ceyhun',
  'Arif', 'Əkbər', 'Bəhram', 'Dilavər', 'Əmir', 'Hikmət', 'Kamal',
];

export const AZ_FEMALE = [
  'Aynur', 'Gülnarə', 'Səbinə', 'Leyla', 'Nərmin', 'Könül', 'Günay', 'Aysel', 'Sevinc', 'Ülviyyə', 'Xədicə', 'Zəhra',
  'Şəbnəm', 'Fidan', 'Nigar', 'Aygün', 'Rəna', 'Səadət', 'Mələk', 'Tamilla', 'Esmira', 'Gülşən', 'İradə', 'Lalə',
  'Mehriban', 'Nailə', 'Pərvin', 'Roza', 'Samirə', 'Təranə', 'Ulduz', 'Vüsalə', 'Yeganə', 'Zemfira', 'Afət', 'Bahar',
  'Cəmilə', 'Dilarə', 'Elmira', 'Firəngiz', 'Gülxanım', 'Həcər', 'Jalə', 'Kəmalə', 'Mətanət', 'Nuranə', 'Qumru',
  'Sona', 'Şölə', 'Türkan', 'Validə', 'Zərifə', 'Arzu', 'Aidə', 'Fatimə', 'Məryəm', 'Sürəyya', 'Zülfiyyə',
];

/** Roots of Azerbaijani family names besides fathers' names. */
export const AZ_SURNAME_ROOTS = [
  'Qara', 'Sadıq', 'Nəbi', 'Rza', 'Vəli', 'Abbas', 'Cəfər', 'Quli', 'Musa', 'İsa', 'Yusif', 'Bağır', 'Heydər', 'Nağı',
  'Allahverdi', 'Babay', 'Bayram', 'Əsgər', 'Hacı', 'İbrahim', 'Kazım', 'Mehdi', 'Nuri', 'Rəhim', 'Salman', 'Talıb',
  'Zeynal', 'Şükür', 'Mustafa', 'Novruz', 'Oruc', 'Paşa', 'Sultan', 'Tağı', 'Ələkbər', 'Mirzə',
];

export const ARM_MALE = [
  'Արամ', 'Արմեն', 'Գագիկ', 'Հովհաննես', 'Տիգրան', 'Վարդան', 'Սարգիս', 'Գևորգ', 'Աշոտ', 'Կարեն', 'Արթուր', 'Դավիթ',
  'Հակոբ', 'Ռուբեն', 'Սամվել', 'Սուրեն', 'Վահան', 'Արսեն', 'Էդգար', 'Գրիգոր', 'Մհեր', 'Նարեկ', 'Պետրոս', 'Ռաֆայել',
  'Սերգեյ', 'Վաչագան', 'Արտաշես', 'Բագրատ', 'Գարեգին', 'Երվանդ', 'Խաչատուր', 'Կամո', 'Հրանտ', 'Ղուկաս', 'Մարտին',
  'Ներսես', 'Շանթ', 'Ոսկան', 'Պարույր', 'Սմբատ', 'Վազգեն', 'Տաթևոս', 'Հայկ', 'Ավետիք', 'Համլետ', 'Լևոն', 'Մուշեղ',
  'Նորայր', 'Սիմոն', 'Ստեփան', 'Արշակ', 'Ալեքսան', 'Մովսես', 'Գուրգեն',
];

export const ARM_FEMALE = [
  'Անահիտ', 'Արմինե', 'Գայանե', 'Լուսինե', 'Մարինե', 'Նունե', 'Սիրանուշ', 'Հասմիկ', 'Անուշ', 'Կարինե', 'Լիլիթ',
  'Մարիամ', 'Նաիրա', 'Ռուզաննա', 'Սոնա', 'Տաթևիկ', 'Քնարիկ', 'Զարուհի', 'Էլմիրա', 'Թամարա', 'Աստղիկ', 'Շուշան',
  'Գոհար', 'Հռիփսիմե', 'Մելանյա', 'Նազենի', 'Սաթենիկ', 'Վարդուհի', 'Արուսյակ', 'Ծովինար', 'Լաուրա', 'Մանե',
  'Նարինե', 'Սեդա', 'Սյուզաննա', 'Քրիստինե', 'Անի', 'Արփի', 'Գոհարիկ', 'Դիանա', 'Եվա', 'Լիանա', 'Հերմինե', 'Ռիմա',
];

/** Roots of Armenian family names besides fathers' names (trades, places, old given names). */
export const ARM_SURNAME_ROOTS = [
  'Պետրոս', 'Գրիգոր', 'Մկրտչ', 'Հարություն', 'Սահակ', 'Ավագ', 'Բաղդասար', 'Դանիել', 'Եղիազար', 'Զաքար', 'Թադևոս',
  'Իսահակ', 'Խաչատր', 'Կիրակոս', 'Հովսեփ', 'Ղազար', 'Մանուկ', 'Ներսիս', 'Շահբազ', 'Ոսկեր', 'Պողոս', 'Սիմոն',
  'Վարդապետ', 'Տեր-Ավետիս', 'Քալանթար', 'Օհան', 'Ֆարմ', 'Աբրահամ', 'Բաբաջան', 'Գասպար', 'Դարբին', 'Եսայ',
];

/** Fictional settlements, written in Azerbaijani Latin and transliterated like names. */
export const PLACES = [
  'Dağkənd', 'Qaraçay', 'Yuxarı Bulaq', 'Aşağı Zəmi', 'Sarıdərə', 'Gültəpə', 'Xanlıq', 'Daşbaşı', 'Çaylı', 'Şamlıq',
  'Ağbulaq', 'Qızılca', 'Meşəli', 'Kərpicli', 'Təzəkənd', 'Dərəbaş', 'Göyyal', 'Narlı', 'Söyüdlü', 'Ünlü',
];
