namespace ContentGate.Regions;

// Ukraine: every one of its 27 codes, with the Ukrainian (Kyiv, Odesa) and the older Russian-based (Kiev, Odessa)
// transliterations and the adjectival forms (Odeska, Odesskaya). "X Oblast" and "X Region" need no line of their own:
// the last rule drops the designation word when the rest names one code. Where it would name two (Kyiv), every form
// is listed. See docs/subdivision-names.md for the Kyiv and Crimea choices.
internal static partial class SubdivisionAliases
{
    private static readonly (string Code, string[] Names)[] Ukraine =
    [
        ("UA-05", ["Vinnytsia", "Vinnytsya", "Vinnitsa", "Vinnitsya", "Vinnytska", "Vinnitskaya"]),
        ("UA-07", ["Volyn", "Volhynia", "Volynska", "Volynskaya"]),
        ("UA-09", ["Luhansk", "Lugansk", "Luhanska", "Luganskaya"]),
        ("UA-12", ["Dnipropetrovsk", "Dnepropetrovsk", "Dnipropetrovska", "Dnepropetrovskaya", "Dnipro"]),
        ("UA-14", ["Donetsk", "Donetska", "Donetskaya"]),
        ("UA-18", ["Zhytomyr", "Zhitomir", "Zhytomyrska", "Zhitomirskaya"]),
        ("UA-21", ["Zakarpattia", "Zakarpattya", "Zakarpatia", "Transcarpathia", "Transcarpathian", "Zakarpatska", "Zakarpatskaya"]),
        ("UA-23", ["Zaporizhzhia", "Zaporizhia", "Zaporizhzhya", "Zaporizhzhe", "Zaporozhye", "Zaporozhe", "Zaporizka", "Zaporozhskaya"]),
        ("UA-26", ["Ivano-Frankivsk", "Ivano-Frankovsk", "Ivano-Frankivska", "Ivano-Frankovskaya"]),
        ("UA-30", ["Kyiv", "Kiev", "Kyiv City", "Kiev City", "City of Kyiv", "City of Kiev", "Kyiv Misto", "Kiev Gorod"]),
        ("UA-32", ["Kyiv Oblast", "Kiev Oblast", "Kyiv Region", "Kiev Region", "Kyiv Province", "Kiev Province", "Kyivska", "Kievskaya", "Kievskaya Oblast"]),
        ("UA-35", ["Kirovohrad", "Kirovograd", "Kropyvnytskyi", "Kropyvnytskyy", "Kropivnitsky", "Kirovohradska", "Kirovogradskaya"]),
        ("UA-40", ["Sevastopol", "Sebastopol", "Sevastopol City", "City of Sevastopol"]),
        ("UA-43", ["Crimea", "Autonomous Republic of Crimea", "Republic of Crimea", "Crimean Republic", "Krym", "Krim", "Respublika Krym"]),
        ("UA-46", ["Lviv", "Lvov", "Lvivska", "Lvovskaya"]),
        ("UA-48", ["Mykolaiv", "Mykolayiv", "Nikolayev", "Nikolaev", "Mykolaivska", "Nikolaevskaya", "Nikolayevskaya"]),
        ("UA-51", ["Odesa", "Odessa", "Odeska", "Odesskaya"]),
        ("UA-53", ["Poltava", "Poltavska", "Poltavskaya"]),
        ("UA-56", ["Rivne", "Rovno", "Rivnenska", "Rovenskaya"]),
        ("UA-59", ["Sumy", "Sumska", "Sumskaya"]),
        ("UA-61", ["Ternopil", "Ternopol", "Ternopilska", "Ternopolskaya"]),
        ("UA-63", ["Kharkiv", "Kharkov", "Kharkivska", "Kharkovskaya"]),
        ("UA-65", ["Kherson", "Khersonska", "Khersonskaya"]),
        ("UA-68", ["Khmelnytskyi", "Khmelnytskyy", "Khmelnytsky", "Khmelnitsky", "Khmelnitskiy", "Khmelnytska", "Khmelnitskaya"]),
        ("UA-71", ["Cherkasy", "Cherkassy", "Cherkaska", "Cherkasskaya"]),
        ("UA-74", ["Chernihiv", "Chernigov", "Chernihivska", "Chernigovskaya"]),
        ("UA-77", ["Chernivtsi", "Chernovtsy", "Chernivetska", "Chernovitskaya"]),
    ];

    private static readonly (string Why, string[] Names)[] UkraineUnmapped =
    [
        ("Donbas is two codes (UA-14 and UA-09)", ["Donbas", "Donbass"]),
    ];
}
