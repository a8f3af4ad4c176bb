namespace Appliance.Core.MockData.Values;

/// <summary>Fixed lists that do not depend on the locale: ISO codes, status words, telephone country codes.</summary>
internal static class ReferenceData
{
    /// <summary>ISO 3166-1 alpha-2, all 249 officially assigned codes, alphabetical.</summary>
    public static readonly string[] CountryCodes =
        ("AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD " +
         "CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG " +
         "GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR " +
         "KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF " +
         "NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM " +
         "SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE " +
         "YT ZA ZM ZW").Split(' ');

    /// <summary>Widely used ISO 4217 codes; unique columns continue with the other three-letter combinations.</summary>
    public static readonly string[] CurrencyCodes =
        ("EUR USD GBP JPY CHF CAD AUD CNY SEK NOK DKK PLN CZK HUF RON BGN TRY RUB INR BRL MXN ZAR KRW SGD HKD NZD THB IDR MYR PHP " +
         "AED SAR ILS EGP NGN KES ARS CLP COP PEN UAH VND PKR BDT TWD ISK MAD QAR KWD").Split(' ');

    public static readonly string[] StatusWords =
        ["active", "inactive", "pending", "approved", "rejected", "archived", "draft", "completed", "cancelled", "open", "closed", "new"];

    public static readonly string[] EmailRoles = ["info", "contact", "sales", "office", "support", "orders", "billing", "hello", "team", "purchasing"];

    private static readonly string[] CountryOrder = BuildCountryOrder();
    private static readonly Lazy<string[]> CurrencyOrder = new(BuildCurrencyOrder);

    /// <summary>All 676 two-letter codes: the assigned ISO codes first, then the rest alphabetically.</summary>
    public static string TwoLetterCode(long index) => CountryOrder[index];

    /// <summary>All 17,576 three-letter codes: common currencies first, then the rest alphabetically.</summary>
    public static string ThreeLetterCode(long index) => CurrencyOrder.Value[index];

    /// <summary>Telephone country code for a Bogus locale (1 when unknown).</summary>
    public static string CallingCode(string locale) => locale switch
    {
        "en_GB" => "44", "en_AU" or "en_AU_ocker" => "61", "en_IE" => "353", "en_IND" => "91", "en_NG" => "234",
        "en_ZA" or "af_ZA" or "zu_ZA" => "27",
        "de" => "49", "de_AT" => "43", "de_CH" or "fr_CH" => "41", "fr" => "33", "nl" => "31", "nl_BE" => "32",
        "es" => "34", "es_MX" => "52", "it" => "39", "pl" => "48", "pt_BR" => "55", "pt_PT" => "351", "ru" => "7", "ja" => "81",
        "ko" => "82", "zh_CN" => "86", "zh_TW" => "886", "sv" => "46", "nb_NO" => "47", "fi" => "358", "cz" => "420", "sk" => "421",
        "tr" => "90", "uk" => "380", "el" => "30", "ro" => "40", "hr" => "385", "lv" => "371", "id_ID" => "62", "vi" => "84",
        "fa" => "98", "ar" => "966", "az" => "994", "ge" => "995", "ne" => "977",
        _ => "1",
    };

    private static string[] BuildCountryOrder()
    {
        var order = new List<string>(676);
        order.AddRange(CountryCodes);
        var assigned = new HashSet<string>(CountryCodes, StringComparer.Ordinal);
        foreach (var first in UniqueCodes.UpperLetters)
        {
            foreach (var second in UniqueCodes.UpperLetters)
            {
                var code = string.Concat(first.ToString(), second.ToString());
                if (!assigned.Contains(code))
                {
                    order.Add(code);
                }
            }
        }

        return [.. order];
    }

    private static string[] BuildCurrencyOrder()
    {
        var order = new List<string>(17_576);
        order.AddRange(CurrencyCodes);
        var listed = new HashSet<string>(CurrencyCodes, StringComparer.Ordinal);
        Span<char> code = stackalloc char[3];
        foreach (var a in UniqueCodes.UpperLetters)
        {
            foreach (var b in UniqueCodes.UpperLetters)
            {
                foreach (var c in UniqueCodes.UpperLetters)
                {
                    code[0] = a;
                    code[1] = b;
                    code[2] = c;
                    var text = new string(code);
                    if (!listed.Contains(text))
                    {
                        order.Add(text);
                    }
                }
            }
        }

        return [.. order];
    }
}
