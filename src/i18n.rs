//! The interface's strings in English, Arabic and Persian: one catalogue, one lookup.
//!
//! Every string the window shows (menus, buttons, labels, messages) is a [`Msg`] translated by
//! [`tr`]. Article text, file names, paths and numbers are data, not interface strings, and are
//! shown as they are.
//!
//! egui lays its own text out without the bidirectional algorithm: a line of only Arabic or
//! Persian letters and spaces comes out right to left, but digits or Latin letters inside it
//! would be misplaced. The Arabic and Persian strings here therefore hold letters and spaces
//! only (no digits, Latin or punctuation); numbers and paths go in separate labels beside them.

use crate::settings::UiLanguage;

/// Declares [`Msg`], [`Msg::ALL`] and the table of strings from one list, so no message can lack
/// a translation.
macro_rules! catalogue {
    ($($name:ident => [$en:expr, $ar:expr, $fa:expr $(,)?],)*) => {
        /// An interface string.
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        pub enum Msg {
            $($name,)*
        }

        impl Msg {
            /// Every message.
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];
        }

        /// English, Arabic, Persian.
        fn strings(msg: Msg) -> [&'static str; 3] {
            match msg {
                $(Msg::$name => [$en, $ar, $fa],)*
            }
        }
    };
}

/// The string for `msg` in the interface language `lang`.
pub fn tr(lang: UiLanguage, msg: Msg) -> &'static str {
    let [en, ar, fa] = strings(msg);
    match lang {
        UiLanguage::En => en,
        UiLanguage::Ar => ar,
        UiLanguage::Fa => fa,
    }
}

catalogue! {
    AppName => ["Hamesh", "هامش", "هامش"],
    MenuFile => ["File", "ملف", "پرونده"],
    MenuView => ["View", "عرض", "نما"],
    OpenFolder => ["Open folder…", "فتح مجلد", "باز کردن پوشه"],
    RecentFolders => ["Recent folders", "المجلدات الأخيرة", "پوشه‌های اخیر"],
    FollowLinks => [
        "Read links that lead out of the folder",
        "قراءة الروابط التي تقود خارج المجلد",
        "خواندن پیوندهایی که به بیرون پوشه می‌روند",
    ],
    CloseFolder => ["Close folder", "إغلاق المجلد", "بستن پوشه"],
    FindHint => ["Find in the article", "البحث في المقال", "جستجو در مقاله"],
    NoHits => ["Not found", "لا نتائج", "یافت نشد"],
    PreviousHit => ["Previous (Shift+Enter)", "السابق", "قبلی"],
    NextHit => ["Next (Enter, F3)", "التالي", "بعدی"],
    WholeWord => ["Whole word", "كلمة كاملة", "کلمه کامل"],
    Clitics => ["With proclitics", "مع السوابق", "با پیشوندها"],
    TehMarbutaIsHeh => ["Teh marbuta as heh", "التاء المربوطة هاء", "تای گرد همان ه"],
    Regex => ["Regex", "تعبير نمطي", "عبارت باقاعده"],
    CloseFind => ["Close (Escape)", "إغلاق", "بستن"],
    SearchCorpus => ["Search the corpus", "البحث في المدونة", "جستجو در پیکره"],
    RejectionsNotSaved => [
        "The rejected suggestions file could not be read, so rejections last until the folder closes",
        "تعذرت قراءة ملف الاقتراحات المرفوضة فيبقى الرفض حتى إغلاق المجلد",
        "پرونده پیشنهادهای ردشده خوانده نشد پس رد کردن تا بستن پوشه می‌ماند",
    ],
    Suggestions => ["Suggestions", "الاقتراحات", "پیشنهادها"],
    Entity => ["Entity", "الكيان", "موجودیت"],
    Entities => ["Entities", "الكيانات", "موجودیت‌ها"],
    EntityMissing => ["is not in the registry", "ليس في السجل", "در فهرست نیست"],
    Unlink => ["Unlink", "فك الربط", "برداشتن پیوند"],
    AddAlias => ["Add as alias", "أضف اسما بديلا", "افزودن به نام‌های دیگر"],
    LinkTo => ["Link", "اربط", "پیوند"],
    NewEntity => ["New entity", "كيان جديد", "موجودیت تازه"],
    Wikidata => ["Wikidata", "ويكي بيانات", "ویکی‌داده"],
    RegistryUnreadable => [
        "The entity registry cannot be read, so linking waits",
        "تتعذر قراءة سجل الكيانات فالربط متوقف",
        "فهرست موجودیت‌ها خوانده نمی‌شود پس پیوند دادن منتظر می‌ماند",
    ],
    Unlinked => ["Not linked", "غير مربوطة", "بدون پیوند"],
    Mentions => ["mentions", "إشارة", "مورد"],
    Refresh => ["Refresh", "تحديث", "تازه کردن"],
    AddStarterGazetteer => [
        "Suggest country names (starter gazetteer)",
        "اقترح أسماء البلدان من المعجم المرفق",
        "پیشنهاد نام کشورها از فهرست همراه",
    ],
    NoEntities => [
        "No entities yet: link a span to a new entity in the panel",
        "لا كيانات بعد فاربط مقطعا بكيان جديد في اللوحة",
        "هنوز موجودیتی نیست پس بخشی را در پنل به موجودیتی تازه پیوند دهید",
    ],
    NothingUnlinked => ["Every span is linked", "كل المقاطع مربوطة", "همه بخش‌ها پیوند دارند"],
    AcceptAll => ["Accept all", "قبول الكل", "پذیرش همه"],
    AcceptAllOfForm => ["Accept every suggestion of this form", "قبول كل اقتراحات هذه الصيغة", "پذیرش همه پیشنهادهای این شکل"],
    AcceptSuggestion => ["Accept (A)", "قبول", "پذیرش"],
    RejectSuggestion => ["Reject (R)", "رفض", "رد"],
    NextSuggestion => ["Next suggestion (N)", "الاقتراح التالي", "پیشنهاد بعدی"],
    LearningDictionary => ["Learning from the corpus", "جار التعلم من المدونة", "در حال یادگیری از پیکره"],
    CorpusSearchHint => ["Search every article", "البحث في كل المقالات", "جستجو در همه مقاله‌ها"],
    Searching => ["Searching", "جار البحث", "در حال جستجو"],
    HitsWord => ["hits in", "نتيجة في", "نتیجه در"],
    DocumentsWord => ["documents", "مقالات", "مقاله"],
    OnlyDocumentsWithHits => [
        "List only documents with hits",
        "اعرض المقالات ذات النتائج فقط",
        "فقط مقاله‌های دارای نتیجه را فهرست کن",
    ],
    LabelTicked => ["Label the ticked hits", "وسم النتائج المحددة", "برچسب زدن به نتایج علامت‌خورده"],
    Created => ["created", "أنشئ", "ساخته شد"],
    LabelWith => ["Label", "الوسم", "برچسب"],
    SkippedCovered => [
        "skipped as already labelled",
        "تخطي لأنها موسومة",
        "رد شد چون برچسب داشت",
    ],
    UndoLabelAll => ["Undo all", "تراجع عن الكل", "واگرد همه"],
    LabelAllUndone => ["undone", "تم التراجع عن", "واگرد شد"],
    KeptChanged => ["kept as changed since", "أبقي لأنه تغير", "نگه داشته شد چون تغییر کرده بود"],
    LabelMentions => [
        "Label every other mention in the corpus",
        "وسم كل الإشارات الأخرى في المدونة",
        "برچسب زدن به همه موارد دیگر در پیکره",
    ],
    ReopenAs => ["Reopen with encoding", "إعادة الفتح بترميز آخر", "بازگشایی با رمزگذاری دیگر"],
    Font => ["Font", "الخط", "قلم"],
    FontVazirmatn => ["Vazirmatn", "وزیرمتن", "وزیرمتن"],
    FontNaskh => ["Naskh", "نسخ", "نسخ"],
    TextSize => ["Text size", "حجم النص", "اندازه متن"],
    Larger => ["Larger", "تكبير", "بزرگ‌تر"],
    Smaller => ["Smaller", "تصغير", "کوچک‌تر"],
    ResetSize => ["Reset size", "الحجم الأصلي", "اندازه پیش‌فرض"],
    LineSpacing => ["Line spacing", "تباعد الأسطر", "فاصله سطرها"],
    Theme => ["Theme", "المظهر", "پوسته"],
    ThemeLight => ["Light", "فاتح", "روشن"],
    ThemeDark => ["Dark", "داكن", "تیره"],
    FoldFurniture => [
        "Fold repeated site lines",
        "طي أسطر الموقع المكررة",
        "تا کردن سطرهای تکراری سایت",
    ],
    FoldedFurniture => [
        "repeated site lines folded, click to show",
        "أسطر مكررة من الموقع مطوية انقر لإظهارها",
        "سطرهای تکراری سایت تا شده برای نمایش کلیک کنید",
    ],
    SiteFurniture => ["Site furniture", "أسطر الموقع المكررة", "سطرهای تکراری سایت"],
    SiteFurnitureHint => [
        "Lines found in three or more articles of the folder, such as menus and share buttons",
        "أسطر موجودة في ثلاث مقالات أو أكثر من المجلد مثل القوائم وأزرار المشاركة",
        "سطرهایی که در سه مقاله یا بیشتر از پوشه آمده‌اند مانند فهرست‌ها و دکمه‌های اشتراک",
    ],
    FurnitureKeep => ["Keep", "إبقاء", "نگه داشتن"],
    FurnitureMark => ["Mark", "تعليم", "علامت زدن"],
    FurnitureOmit => ["Leave out", "حذف", "کنار گذاشتن"],
    ShowControls => ["Show controls", "إظهار المحارف الخفية", "نمایش نویسه‌های پنهان"],
    ShowControlsHint => [
        "Draw invisible format and bidi control characters",
        "رسم محارف التنسيق والاتجاه غير المرئية",
        "نمایش نویسه‌های نامرئی قالب و جهت",
    ],
    InterfaceLanguage => ["Interface language", "لغة الواجهة", "زبان رابط"],
    LanguageEnglish => ["English", "الإنجليزية", "انگلیسی"],
    LanguageArabic => ["Arabic", "العربية", "عربی"],
    LanguagePersian => ["Persian", "الفارسية", "فارسی"],
    StartTitle => [
        "Open a folder of articles",
        "افتح مجلدا من المقالات",
        "پوشه‌ای از مقاله‌ها را باز کنید",
    ],
    YourName => [
        "Your name as an annotator",
        "اسمك معلقا",
        "نام شما به عنوان حاشیه‌نویس",
    ],
    YourNameHint => [
        "In a corpus a team annotates, your spans go to a layer of your own under this name",
        "في مدونة يعلق عليها فريق تذهب تعليقاتك إلى طبقة خاصة بك بهذا الاسم",
        "در پیکره‌ای که گروهی حاشیه‌نویسی می‌کنند یادداشت‌های شما با این نام به لایه خودتان می‌رود",
    ],
    AnnotatorNameRefused => [
        "This name cannot name an annotator layer, so the curated layer is open",
        "لا يصلح هذا الاسم اسما لطبقة معلق فالطبقة المنقحة مفتوحة",
        "این نام برای لایه حاشیه‌نویس پذیرفته نیست پس لایه داوری‌شده باز است",
    ],
    StartHint => [
        "Every text file in the folder and its subfolders is listed",
        "تعرض كل ملفات النص في المجلد ومجلداته الفرعية",
        "همه پرونده‌های متنی پوشه و زیرپوشه‌هایش فهرست می‌شوند",
    ],
    FolderPath => ["Folder path", "مسار المجلد", "مسیر پوشه"],
    Open => ["Open", "فتح", "باز کردن"],
    DialogUnavailable => [
        "The folder dialog could not be shown; type the folder path instead",
        "تعذر عرض نافذة اختيار المجلد فاكتب مسار المجلد بدلا منها",
        "پنجره انتخاب پوشه نمایش داده نشد پس مسیر پوشه را بنویسید",
    ],
    NoRecentFolders => ["No recent folders", "لا مجلدات حديثة", "پوشه اخیری نیست"],
    Filter => ["Filter by title or path", "تصفية بالعنوان أو المسار", "صافی بر پایه عنوان یا مسیر"],
    Articles => ["articles", "مقالات", "مقاله"],
    Scanning => ["Scanning", "جار الفحص", "در حال بررسی"],
    NoMatches => ["No article matches", "لا مقالة مطابقة", "مقاله‌ای پیدا نشد"],
    NoArticles => [
        "This folder has no text files",
        "لا ملفات نصية في هذا المجلد",
        "این پوشه پرونده متنی ندارد",
    ],
    Unreadable => ["cannot be read", "تتعذر قراءته", "خوانده نمی‌شود"],
    ReasonBinary => ["binary content", "محتوى ثنائي", "محتوای دودویی"],
    ReasonNotUtf8 => ["not valid text", "ليس نصا صالحا", "متن معتبری نیست"],
    ReasonPermission => ["permission denied", "الإذن مرفوض", "اجازه دسترسی نیست"],
    ReasonNotFound => ["not found", "غير موجود", "پیدا نشد"],
    Loading => ["Loading", "جار التحميل", "در حال بارگذاری"],
    SelectArticle => [
        "Choose an article in the list",
        "اختر مقالة من القائمة",
        "مقاله‌ای را از فهرست برگزینید",
    ],
    Encoding => ["Encoding", "الترميز", "رمزگذاری"],
    Language => ["Language", "اللغة", "زبان"],
    Direction => ["Direction", "الاتجاه", "جهت"],
    Characters => ["Characters", "المحارف", "نویسه‌ها"],
    Layer => ["Layer", "طبقة", "لایه"],
    Agreement => ["Agreement", "الاتفاق بين المعلقين", "توافق حاشیه‌نویسان"],
    AgreementNeedsTwo => [
        "Agreement needs the layers of two annotators or more; annotator layers found:",
        "يحتاج الاتفاق إلى طبقتي معلقين أو أكثر وعدد الطبقات الموجودة",
        "توافق به لایه دو حاشیه‌نویس یا بیشتر نیاز دارد و شمار لایه‌های موجود",
    ],
    SpanF1 => ["Span F1", "المقياس الموزون", "سنجه ترکیبی"],
    Precision => ["Precision", "الدقة", "دقت"],
    Recall => ["Recall", "الاستدعاء", "بازیابی"],
    EveryLabel => ["All labels", "كل التسميات", "همه برچسب‌ها"],
    CohenKappa => ["Cohen's kappa on tokens", "معامل كوهين على الكلمات", "ضریب کوهن روی واژه‌ها"],
    FleissKappa => ["Fleiss' kappa", "معامل فلايس", "ضریب فلایس"],
    LeastAgreed => ["Least agreed documents", "المستندات الأقل اتفاقا", "سندهای با کمترین توافق"],
    Documents => ["Documents", "المستندات", "سندها"],
    Curate => ["Curate", "التنقيح", "داوری"],
    CuratedLayer => ["Curated", "المنقحة", "داوری‌شده"],
    TeamCorpusWithoutName => [
        "This corpus has annotator layers and you have no name set, so the curated layer is open; type your name in the Annotate menu's Annotator field to work in your own layer",
        "لهذه المدونة طبقات معلقين ولم تحدد اسمك فالطبقة المنقحة مفتوحة فاكتب اسمك في قائمة التعليق لتعمل في طبقتك",
        "این پیکره لایه‌های حاشیه‌نویسان دارد و نامی برای شما تنظیم نشده پس لایه داوری‌شده باز است نام خود را در فهرست حاشیه‌نویسی بنویسید تا در لایه خودتان کار کنید",
    ],
    CurateNeedsCuratedLayer => [
        "Curation writes the curated layer: clear your name in the Annotate menu's Annotator field and the curated layer opens",
        "يكتب التنقيح في الطبقة المنقحة فامسح اسمك في قائمة التعليق لتفتح الطبقة المنقحة",
        "داوری در لایه داوری‌شده می‌نویسد پس نام خود را در فهرست حاشیه‌نویسی پاک کنید تا لایه داوری‌شده باز شود",
    ],
    Agreed => ["Agreed by all", "متفق عليها", "مورد توافق همه"],
    AcceptAgreed => ["Accept all agreed", "قبول كل المتفق عليه", "پذیرش همه موارد توافق"],
    Conflicts => ["Conflicts", "الخلافات", "اختلاف‌ها"],
    Accept => ["Accept", "قبول", "پذیرش"],
    Accepted => ["Accepted", "مقبول", "پذیرفته"],
    LayerHint => [
        "Your annotations go to your own layer of this corpus",
        "تذهب تعليقاتك إلى طبقتك في هذه المدونة",
        "یادداشت‌های شما به لایه خودتان در این پیکره می‌رود",
    ],
    BesideMine => ["Beside mine", "بجانب طبقتي", "کنار لایه من"],
    Beside => ["Beside", "بجانبها", "در کنار"],
    BesideNobody => ["Nobody's", "لا شيء", "هیچ‌کدام"],
    BesideHint => [
        "Another layer's spans, drawn as brackets above the text; read-only",
        "تعليقات طبقة أخرى مرسومة أقواسًا فوق النص للقراءة فقط",
        "یادداشت‌های لایه‌ای دیگر که به شکل کروشه بالای متن کشیده شده‌اند و فقط خواندنی‌اند",
    ],
    AllSaved => ["Saved", "محفوظ", "ذخیره شد"],
    Saving => ["Saving", "جار الحفظ", "در حال ذخیره"],
    NotSaved => ["Not saved", "لم يحفظ", "ذخیره نشد"],
    SavedHint => [
        "Every annotation edit is written to disk within milliseconds",
        "يكتب كل تعديل على التعليقات إلى القرص خلال أجزاء من الثانية",
        "هر تغییر در یادداشت‌ها در چند هزارم ثانیه روی دیسک نوشته می‌شود",
    ],
    ArticleChangedOnDisk => [
        "The article changed on disk and was read again; its spans were placed on the new text",
        "تغير المقال على القرص فقرئ من جديد ووضعت تعليقاته على النص الجديد",
        "مقاله روی دیسک تغییر کرد و دوباره خوانده شد و یادداشت‌هایش روی متن تازه قرار گرفت",
    ],
    NotWatched => [
        "Changes to the folder on disk are not followed; open it again to see them",
        "لا تتابع تغييرات المجلد على القرص فافتحه من جديد لتراها",
        "تغییرات پوشه روی دیسک دنبال نمی‌شود پس برای دیدنشان آن را دوباره باز کنید",
    ],
    Position => ["Position", "الموضع", "موقعیت"],
    Caret => ["Caret", "المؤشر", "نشانگر"],
    Arabic => ["Arabic", "العربية", "عربی"],
    Persian => ["Persian", "الفارسية", "فارسی"],
    OtherLanguage => ["Other", "أخرى", "دیگر"],
    RightToLeft => ["Right to left", "من اليمين إلى اليسار", "راست به چپ"],
    LeftToRight => ["Left to right", "من اليسار إلى اليمين", "چپ به راست"],
    SettingsDamaged => [
        "The settings could not be read; the defaults are used",
        "تعذرت قراءة الإعدادات فاستخدمت الإعدادات الافتراضية",
        "تنظیمات خوانده نشد و تنظیمات پیش‌فرض به کار رفت",
    ],
    SettingsNotSaved => [
        "Settings cannot be saved",
        "يتعذر حفظ الإعدادات",
        "تنظیمات ذخیره نمی‌شود",
    ],
    CannotOpen => ["Cannot open", "يتعذر الفتح", "باز نمی‌شود"],
    CannotReopen => [
        "Cannot reopen with this encoding",
        "تتعذر إعادة الفتح بهذا الترميز",
        "با این رمزگذاری باز نمی‌شود",
    ],
    FolderProblem => ["Part of the folder cannot be read", "تتعذر قراءة جزء من المجلد", "بخشی از پوشه خوانده نمی‌شود"],
    Dismiss => ["Dismiss", "إخفاء", "بستن"],
    MenuAnnotate => ["Annotate", "التعليق", "حاشیه‌نویسی"],
    HighlightPanel => ["Highlight panel", "لوحة المقاطع", "پنل بخش‌ها"],
    Highlights => ["Highlights", "المقاطع المعلمة", "بخش‌های برچسب‌خورده"],
    CharacterPrecision => ["Character precision", "دقة المحارف", "دقت نویسه‌ای"],
    CharacterPrecisionHint => [
        "New spans keep exactly the characters selected instead of whole words (or hold Alt while dragging)",
        "تحتفظ المقاطع الجديدة بالمحارف المحددة بالضبط بدل الكلمات الكاملة",
        "بخش‌های تازه دقیقا نویسه‌های انتخاب‌شده را نگه می‌دارند نه واژه‌های کامل",
    ],
    EditLabels => ["Edit labels…", "تحرير التسميات", "ویرایش برچسب‌ها"],
    Undo => ["Undo", "تراجع", "واگرد"],
    Redo => ["Redo", "إعادة", "انجام دوباره"],
    Annotator => ["Annotator", "اسم المعلق", "نام حاشیه‌نویس"],
    Status => ["Status", "الحالة", "وضعیت"],
    StatusNotStarted => ["Not started", "لم يبدأ", "شروع نشده"],
    StatusInProgress => ["In progress", "قيد العمل", "در حال انجام"],
    StatusDone => ["Done", "منجز", "انجام شده"],
    StatusSkipped => ["Skipped", "متروك", "رد شده"],
    DocumentTags => ["Document tags", "وسوم المقالة", "نشان‌های مقاله"],
    TagsHint => [
        "Tags separated by commas",
        "وسوم تفصل بينها فواصل",
        "نشان‌ها با ویرگول جدا می‌شوند",
    ],
    Labels => ["Labels", "التسميات", "برچسب‌ها"],
    AllLabels => ["All", "الكل", "همه"],
    Note => ["Note", "ملاحظة", "یادداشت"],
    DeleteSpan => ["Delete", "حذف", "حذف"],
    SelectedSpan => ["Selected span", "المقطع المحدد", "بخش انتخاب‌شده"],
    NoSpans => [
        "Select text, then press a label key or click a label",
        "حدد نصا ثم اضغط مفتاح تسمية أو انقر تسمية",
        "متنی را انتخاب کنید و سپس کلید یک برچسب را بزنید یا روی برچسبی بزنید",
    ],
    UnknownLabel => [
        "Not in the label set",
        "ليست في مجموعة التسميات",
        "در مجموعه برچسب‌ها نیست",
    ],
    NeedsReview => [
        "Spans that need review",
        "مقاطع تحتاج إلى مراجعة",
        "بخش‌هایی که بازبینی می‌خواهند",
    ],
    NeedsReviewHint => [
        "Their place in the text is not certain, so they are shown as they were: place each where its quote occurs now, or discard it",
        "مكانها في النص غير مؤكد فهي تظهر كما كانت فضع كل مقطع حيث يرد اقتباسه الآن أو تخلص منه",
        "جای آن‌ها در متن قطعی نیست و همان‌طور که بودند نشان داده می‌شوند هر کدام را جایی بگذارید که نقل‌قولش اکنون آمده یا کنارش بگذارید",
    ],
    ReviewQuoteGone => [
        "The article changed and this quote is no longer in it",
        "تغيرت المقالة ولم يعد هذا الاقتباس فيها",
        "مقاله تغییر کرده و این نقل‌قول دیگر در آن نیست",
    ],
    ReviewContextChanged => [
        "The quote is still in the article, but not in its old surroundings",
        "الاقتباس ما زال في المقالة لكن ليس في سياقه القديم",
        "نقل‌قول هنوز در مقاله هست اما نه در بافت پیشینش",
    ],
    ReviewAmbiguous => [
        "The quote occurs with its surroundings in several places",
        "يرد الاقتباس بسياقه في عدة مواضع",
        "نقل‌قول با بافتش در چند جا آمده است",
    ],
    ReviewInvalid => [
        "The annotation file puts this span where the text does not hold its quote",
        "يضع ملف التعليقات هذا المقطع حيث لا يحمل النص اقتباسه",
        "پرونده حاشیه‌نویسی این بخش را جایی گذاشته که متن نقل‌قولش را ندارد",
    ],
    WasAt => ["was at", "كان في", "پیش‌تر در"],
    PlaceHere => ["Place here", "ضعه هنا", "اینجا بگذار"],
    Discard => ["Discard", "تخلص منه", "کنار بگذار"],
    StoreFallback => [
        "This folder is read-only; annotations are saved in",
        "هذا المجلد للقراءة فقط فتحفظ التعليقات في",
        "این پوشه فقط خواندنی است و حاشیه‌ها اینجا ذخیره می‌شوند",
    ],
    StoreLinkOutside => [
        "This folder's .hamesh is a link to a place outside it, and annotations are never written through such a link; they are saved in",
        "مجلد بيانات هامش في هذا المجلد رابط إلى مكان خارجه ولا تكتب التعليقات عبر رابط كهذا فتحفظ في",
        "پوشه داده‌های هامش در این پوشه پیوندی به جایی بیرون از آن است و حاشیه‌ها از راه چنین پیوندی نوشته نمی‌شوند و اینجا ذخیره می‌شوند",
    ],
    DamagedAnnotations => [
        "The annotations of this article cannot be read; the file is kept as it is and annotation is paused",
        "تتعذر قراءة تعليقات هذه المقالة وقد بقي الملف كما هو وتوقف التعليق",
        "حاشیه‌های این مقاله خوانده نمی‌شود و پرونده دست نخورده ماند و حاشیه‌نویسی متوقف شد",
    ],
    KeepAside => [
        "Keep the damaged file aside and start over",
        "انقل الملف التالف جانبا وابدأ من جديد",
        "پرونده آسیب‌دیده را کنار بگذار و از نو شروع کن",
    ],
    KeptAside => [
        "The damaged file was kept as",
        "احتفظ بالملف التالف باسم",
        "پرونده آسیب‌دیده با این نام نگه داشته شد",
    ],
    AnnotationPaused => [
        "Annotation of this article is paused until you decide about its damaged file",
        "التعليق على هذه المقالة متوقف حتى تقرر مصير ملفها التالف",
        "حاشیه‌نویسی این مقاله تا تصمیم شما درباره پرونده آسیب‌دیده‌اش متوقف است",
    ],
    AnnotationsNotSaved => [
        "Annotations cannot be saved",
        "يتعذر حفظ التعليقات",
        "حاشیه‌ها ذخیره نمی‌شود",
    ],
    ArticleChanged => [
        "This article changed since it was annotated; its spans were found again where their quote and context agree",
        "تغيرت هذه المقالة منذ التعليق عليها فوجدت مقاطعها حيث يتفق اقتباسها وسياقها",
        "این مقاله پس از حاشیه‌نویسی تغییر کرده و بخش‌هایش آنجا که نقل‌قول و بافتشان می‌خواند دوباره پیدا شد",
    ],
    SpansNeedReview => [
        "Some spans of this article could not be placed for certain; they wait for review in the highlight panel",
        "تعذر وضع بعض مقاطع هذه المقالة بيقين وهي تنتظر المراجعة في لوحة المقاطع",
        "برخی بخش‌های این مقاله با اطمینان جای‌گذاری نشدند و در صفحه بخش‌ها منتظر بازبینی‌اند",
    ],
    EditFailed => ["The change could not be made", "تعذر إجراء التغيير", "این تغییر انجام نشد"],
    LabelsDamaged => [
        "The label set could not be read; the default labels are used and the file is kept",
        "تعذرت قراءة مجموعة التسميات فاستخدمت التسميات الافتراضية وبقي الملف كما هو",
        "مجموعه برچسب‌ها خوانده نشد و برچسب‌های پیش‌فرض به کار رفت و پرونده دست نخورده ماند",
    ],
    LabelsNotCreated => [
        "The label set could not be saved or created; the default labels are used until they can be saved",
        "تعذر حفظ مجموعة التسميات أو إنشاؤها فتستخدم التسميات الافتراضية حتى يمكن حفظها",
        "مجموعه برچسب‌ها ذخیره یا ساخته نشد و تا وقتی ذخیره شود برچسب‌های پیش‌فرض به کار می‌رود",
    ],
    LabelsNotSaved => ["The labels could not be saved", "تعذر حفظ التسميات", "برچسب‌ها ذخیره نشد"],
    LabelName => ["Name", "الاسم", "نام"],
    LabelColour => ["Colour", "اللون", "رنگ"],
    LabelKey => ["Key", "المفتاح", "کلید"],
    LabelDescription => ["Description", "الوصف", "توضیح"],
    NoKey => ["None", "بلا", "هیچ"],
    AddLabel => ["Add label", "إضافة تسمية", "افزودن برچسب"],
    RemoveLabel => ["Remove", "إزالة", "برداشتن"],
    MoveUp => ["Move up", "إلى الأعلى", "بالا"],
    MoveDown => ["Move down", "إلى الأسفل", "پایین"],
    Save => ["Save", "حفظ", "ذخیره"],
    Cancel => ["Cancel", "إلغاء", "انصراف"],
    RenameNote => [
        "Renaming a label renames it on every span in this folder; spans whose label is removed keep it and are shown in grey",
        "تغيير اسم تسمية يغيره في كل مقاطع هذا المجلد وتبقى المقاطع التي أزيلت تسميتها بها وتظهر رمادية",
        "تغییر نام یک برچسب آن را در همه بخش‌های این پوشه تغییر می‌دهد و بخش‌هایی که برچسبشان برداشته شود آن را نگه می‌دارند و خاکستری دیده می‌شوند",
    ],
    DamagedMark => ["Damaged annotations", "تعليقات تالفة", "حاشیه‌های آسیب‌دیده"],
    Spans => ["spans", "مقاطع", "بخش"],
    ExportMenu => ["Export…", "تصدير", "خروجی گرفتن"],
    ImportMenu => ["Import…", "استيراد", "درون‌ریزی"],
    ExportTitle => ["Export a dataset", "تصدير مجموعة بيانات", "خروجی گرفتن مجموعه داده"],
    ImportTitle => ["Import a dataset", "استيراد مجموعة بيانات", "درون‌ریزی مجموعه داده"],
    DatasetFormat => ["Format", "الصيغة", "قالب"],
    ExportScope => ["Documents", "المستندات", "سندها"],
    ScopeAll => ["All", "الكل", "همه"],
    ScopeDone => ["Done only", "المنجزة فقط", "فقط انجام شده‌ها"],
    ScopeCurrent => ["This article", "هذه المقالة", "همین مقاله"],
    OffsetUnit => ["Offsets count", "وحدة المواضع", "یکای جایگاه‌ها"],
    OffsetUnitHint => [
        "Code points index like Python; UTF-16 units like JavaScript. They differ only after emoji and other characters outside the BMP",
        "نقاط الترميز كما في بايثون ووحدات الترميز الست عشرية كما في جافاسكربت ولا يختلفان إلا بعد الرموز التعبيرية",
        "نقطه‌های کد مانند پایتون و یکاهای شانزده بیتی مانند جاوااسکریپت و تنها پس از شکلک‌ها فرق دارند",
    ],
    Destination => ["Destination", "الوجهة", "مقصد"],
    Choose => ["Choose…", "اختيار", "انتخاب"],
    RunExport => ["Export", "تصدير", "خروجی بگیر"],
    Exporting => ["Exporting", "جار التصدير", "در حال خروجی گرفتن"],
    ExportDone => ["Written", "تمت الكتابة", "نوشته شد"],
    ExportFailed => [
        "The export stopped; nothing was written",
        "توقف التصدير ولم يكتب شيء",
        "خروجی گرفتن متوقف شد و چیزی نوشته نشد",
    ],
    DocumentsCount => ["Documents", "المستندات", "سندها"],
    SpansCount => ["Spans", "المقاطع", "بخش‌ها"],
    Close => ["Close", "إغلاق", "بستن"],
    DatasetFile => ["Dataset file", "ملف البيانات", "پرونده داده"],
    ExistingAnnotations => [
        "Documents that already have annotations",
        "المستندات التي لها تعليقات",
        "سندهایی که حاشیه دارند",
    ],
    ModeMerge => [
        "Merge: keep their spans and add the new ones",
        "دمج مع الإبقاء على مقاطعها وإضافة الجديدة",
        "ادغام با نگه داشتن بخش‌های موجود و افزودن تازه‌ها",
    ],
    ModeReplace => [
        "Replace their spans",
        "استبدال مقاطعها",
        "جایگزینی بخش‌هایشان",
    ],
    ModeSkip => ["Leave them as they are", "تركها كما هي", "دست نزدن به آن‌ها"],
    ValidOnly => [
        "Import the valid documents even if others are invalid",
        "استيراد المستندات السليمة حتى لو كان غيرها معيبا",
        "درون‌ریزی سندهای درست حتی اگر بقیه نادرست باشند",
    ],
    ImportPredictions => [
        "Label Studio predictions as suggestions",
        "تنبؤات لابل ستوديو اقتراحات",
        "پیش‌بینی‌های لیبل استودیو به عنوان پیشنهاد",
    ],
    ImportPredictionsHint => [
        "Reads the tasks' predictions instead of their annotations; they are kept apart and offered as suggestions, never as anyone's spans",
        "تقرأ تنبؤات المهام بدل تعليقاتها وتحفظ على حدة وتعرض اقتراحات لا تعليقات لأحد",
        "پیش‌بینی‌های کارها به جای حاشیه‌هایشان خوانده می‌شوند و جدا نگه داشته و به عنوان پیشنهاد نشان داده می‌شوند نه یادداشت کسی",
    ],
    AddLabels => [
        "Add labels the folder does not have",
        "إضافة التسميات غير الموجودة في المجلد",
        "افزودن برچسب‌هایی که پوشه ندارد",
    ],
    CheckFile => ["Check", "فحص", "وارسی"],
    Checking => ["Checking", "جار الفحص", "در حال وارسی"],
    RunImport => ["Import", "استيراد", "درون‌ریزی کن"],
    Importing => ["Importing", "جار الاستيراد", "در حال درون‌ریزی"],
    ImportChecked => [
        "The file is valid; nothing has been written yet",
        "الملف سليم ولم يكتب شيء بعد",
        "پرونده درست است و هنوز چیزی نوشته نشده",
    ],
    ImportDone => ["Imported", "تم الاستيراد", "درون‌ریزی شد"],
    ImportRefused => [
        "The import was refused; nothing was written",
        "رفض الاستيراد ولم يكتب شيء",
        "درون‌ریزی پذیرفته نشد و چیزی نوشته نشد",
    ],
    DocumentsInFile => ["Documents in the file", "المستندات في الملف", "سندهای پرونده"],
    DocumentsToWrite => ["Documents to annotate", "المستندات التي ستكتب تعليقاتها", "سندهایی که حاشیه می‌گیرند"],
    NewTexts => ["New texts", "نصوص جديدة", "متن‌های تازه"],
    LeftOut => ["Left out", "مستبعدة", "کنار گذاشته"],
    ReopenAfterImport => [
        "After the import the folder is read again: the imported documents' undo history is cleared",
        "بعد الاستيراد يقرأ المجلد من جديد وتمحى سجلات التراجع للمستندات المستوردة",
        "پس از درون‌ریزی پوشه دوباره خوانده می‌شود و تاریخچه واگرد سندهای درون‌ریزی‌شده پاک می‌شود",
    ],
    Details => ["Details", "التفاصيل", "جزئیات"],
}

#[cfg(test)]
mod tests {
    use super::*;

    const LANGUAGES: [UiLanguage; 3] = [UiLanguage::En, UiLanguage::Ar, UiLanguage::Fa];

    #[test]
    fn every_message_has_a_string_in_every_language() {
        for &msg in Msg::ALL {
            for lang in LANGUAGES {
                assert!(!tr(lang, msg).trim().is_empty(), "{msg:?} in {lang:?}");
            }
        }
    }

    /// egui has no bidi: Arabic and Persian strings must be letters and spaces only (ZWNJ
    /// included), or their digits, Latin and punctuation come out in the wrong place.
    #[test]
    fn arabic_and_persian_strings_are_pure() {
        for &msg in Msg::ALL {
            for lang in [UiLanguage::Ar, UiLanguage::Fa] {
                let s = tr(lang, msg);
                let bad: Vec<char> = s
                    .chars()
                    .filter(|&c| {
                        !(c == ' ' || c == '\u{200C}' || ('\u{0621}'..='\u{06D3}').contains(&c))
                            || c.is_ascii_digit()
                            || ('\u{0660}'..='\u{0669}').contains(&c)
                            || ('\u{06F0}'..='\u{06F9}').contains(&c)
                            || c == '\u{060C}'
                    })
                    .collect();
                assert!(bad.is_empty(), "{msg:?} in {lang:?}: {s:?} has {bad:?}");
            }
        }
    }

    #[test]
    fn english_is_the_default_and_strings_differ_by_language() {
        assert_eq!(tr(UiLanguage::default(), Msg::MenuFile), "File");
        assert_ne!(
            tr(UiLanguage::Ar, Msg::MenuFile),
            tr(UiLanguage::Fa, Msg::MenuFile)
        );
    }
}
