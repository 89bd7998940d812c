namespace ContentGate.Regions;

// Belarus, Moldova, Georgia and Kazakhstan, where ISO 3166-2 gives the name in a romanized Russian, Belarusian,
// Romanian, Georgian or Kazakh form and DB-IP an English one; and Germany, whose English names (Bavaria) are not
// its German ones (Bayern); and Bulgaria, where ISO's "Sofia" is the province and "Sofia (stolitsa)" the capital
// around which it lies. Codes whose ISO name is already the English one (Guria, Pavlodar, Cahul) need no line.
internal static partial class SubdivisionAliases
{
    private static readonly (string Code, string[] Names)[] Belarus =
    [
        ("BY-BR", ["Brest", "Brestskaya"]),
        ("BY-HM", ["Minsk City", "City of Minsk", "Horad Minsk"]),
        ("BY-HO", ["Gomel", "Homel", "Homyel", "Gomelskaya", "Homyelskaya"]),
        ("BY-HR", ["Grodno", "Hrodna", "Grodnenskaya", "Hrodzyenskaya"]),
        ("BY-MA", ["Mogilev", "Mogilyov", "Mahilyow", "Mahilyou", "Mogilevskaya", "Mahilyowskaya"]),
        ("BY-MI", ["Minsk Oblast", "Minsk Region", "Minsk Voblast", "Minsk Province", "Minskaya", "Minskaya Voblasts"]),
        ("BY-VI", ["Vitebsk", "Vitsyebsk", "Viciebsk", "Vitebskaya", "Vitsyebskaya"]),
    ];

    private static readonly (string Why, string[] Names)[] BelarusUnmapped =
    [
        ("GeoNames names both the capital (BY-HM) and the region around it (BY-MI) so; neither is part of the other", ["Minsk"]),
    ];

    private static readonly (string Code, string[] Names)[] Moldova =
    [
        ("MD-BA", ["Balti", "Beltsy", "Municipiul Balti"]),
        ("MD-BD", ["Bender", "Bendery", "Tighina"]),
        ("MD-CU", ["Chisinau", "Kishinev", "Chisinau Municipality", "Municipiul Chisinau"]),
        ("MD-GA", ["Gagauzia", "Gagauziya", "Gagauz Yeri", "UTA Gagauzia", "Autonomous Territorial Unit of Gagauzia"]),
        ("MD-HI", ["Hancesti"]),
        ("MD-RI", ["Rascani"]),
        ("MD-SI", ["Sangerei"]),
        ("MD-SN", ["Transnistria", "Stinga Nistrului", "Left Bank of the Dniester", "Administrative-Territorial Units of the Left Bank of the Dniester", "Pridnestrovie"]),
    ];

    private static readonly (string Code, string[] Names)[] Georgia =
    [
        ("GE-AB", ["Abkhazia", "Abkhaziya", "Apkhazeti", "Autonomous Republic of Abkhazia"]),
        ("GE-AJ", ["Adjara", "Ajara", "Adjaria", "Achara", "Autonomous Republic of Adjara"]),
        ("GE-KA", ["Kakheti"]),
        ("GE-RL", ["Racha-Lechkhumi and Kvemo Svaneti", "Racha-Lechkhumi-Kvemo Svaneti", "Racha-Lechkhumi"]),
        ("GE-SZ", ["Samegrelo and Zemo Svaneti", "Samegrelo-Zemo Svaneti", "Samegrelo", "Mingrelia-Upper Svaneti"]),
        ("GE-TB", ["Tbilisi", "Tbilisi City"]),
    ];

    private static readonly (string Code, string[] Names)[] Kazakhstan =
    [
        ("KZ-AKM", ["Akmola", "Aqmola", "Akmolinskaya"]),
        ("KZ-AKT", ["Aktobe", "Aqtobe", "Aktyubinsk", "Aktyubinskaya"]),
        ("KZ-ALA", ["Almaty", "Almaty City", "City of Almaty", "Almaty Qalasy", "Alma-Ata"]),
        ("KZ-ALM", ["Almaty Oblysy", "Almaty Oblast", "Almaty Region", "Almaty Province", "Almatinskaya", "Almatinskaya Oblast"]),
        ("KZ-AST", ["Astana", "Nur-Sultan", "Astana City", "City of Astana", "Astana Qalasy", "Nur-Sultan City"]),
        ("KZ-ATY", ["Atyrau", "Atyrauskaya"]),
        ("KZ-KAR", ["Karaganda", "Karagandy", "Qaraghandy", "Qaragandy", "Karagandinskaya"]),
        ("KZ-KUS", ["Kostanay", "Qostanay", "Kustanay", "Kostanayskaya"]),
        ("KZ-KZY", ["Kyzylorda", "Qyzylorda", "Kzyl-Orda", "Kyzylordinskaya"]),
        ("KZ-MAN", ["Mangystau", "Mangghystau", "Mangistau", "Mangyshlak", "Mangistauskaya"]),
        ("KZ-PAV", ["Pavlodar", "Pavlodarskaya"]),
        ("KZ-SEV", ["North Kazakhstan", "Soltustik Qazaqstan", "Severo-Kazakhstanskaya"]),
        ("KZ-SHY", ["Shymkent", "Chimkent", "Shymkent City"]),
        ("KZ-VOS", ["East Kazakhstan", "Shygys Qazaqstan", "Vostochno-Kazakhstanskaya"]),
        ("KZ-YUZ", ["Turkestan", "Turkistan", "South Kazakhstan", "Ongtustik Qazaqstan", "Yuzhno-Kazakhstanskaya", "Turkestanskaya"]),
        ("KZ-ZAP", ["West Kazakhstan", "Batys Qazaqstan", "Zapadno-Kazakhstanskaya"]),
        ("KZ-ZHA", ["Zhambyl", "Jambyl", "Dzhambul", "Zhambylskaya"]),
    ];

    // Regions formed in 2022 from parts of older ones; iso-codes 4.15.0 does not list them, and the older region's
    // code would be wrong for the part that left it.
    private static readonly (string Why, string[] Names)[] KazakhstanUnmapped =
    [
        ("Abai Region (2022, from East Kazakhstan) has no code in this ISO list", ["Abai", "Abay"]),
        ("Jetisu Region (2022, from Almaty Region) has no code in this ISO list", ["Jetisu", "Zhetysu"]),
        ("Ulytau Region (2022, from Karaganda Region) has no code in this ISO list", ["Ulytau"]),
    ];

    private static readonly (string Code, string[] Names)[] Germany =
    [
        ("DE-BY", ["Bavaria"]),
        ("DE-HE", ["Hesse"]),
        ("DE-MV", ["Mecklenburg-Western Pomerania", "Mecklenburg-West Pomerania"]),
        ("DE-NI", ["Lower Saxony"]),
        ("DE-NW", ["North Rhine-Westphalia"]),
        ("DE-RP", ["Rhineland-Palatinate"]),
        ("DE-SN", ["Saxony"]),
        ("DE-ST", ["Saxony-Anhalt"]),
        ("DE-TH", ["Thuringia"]),
    ];

    private static readonly (string Code, string[] Names)[] Bulgaria =
    [
        ("BG-22", ["Sofia City", "Sofia-Capital", "Sofia Capital", "Sofia-Grad", "Sofia (stolitsa)"]),
        ("BG-23", ["Sofia Province", "Sofia Oblast", "Sofiya", "Sofia-Oblast"]),
    ];

    private static readonly (string Why, string[] Names)[] BulgariaUnmapped =
    [
        ("the capital (BG-22) or, as ISO names it, the province around it (BG-23); neither is part of the other", ["Sofia"]),
    ];
}
