using System.Collections.Frozen;

namespace Appliance.Core.Copilot.Deterministic;

/// <summary>
/// Country names and their ISO 3166-1 alpha-2 codes, so "customers in Germany" can filter a country-name column by
/// name or a two-letter country column by "DE" without reading any data.
/// </summary>
internal static class Countries
{
    private const string List =
        "AD:Andorra|AE:United Arab Emirates,UAE|AF:Afghanistan|AG:Antigua and Barbuda|AL:Albania|AM:Armenia|AO:Angola|AR:Argentina|" +
        "AT:Austria|AU:Australia|AZ:Azerbaijan|BA:Bosnia and Herzegovina,Bosnia|BB:Barbados|BD:Bangladesh|BE:Belgium|BF:Burkina Faso|" +
        "BG:Bulgaria|BH:Bahrain|BI:Burundi|BJ:Benin|BN:Brunei|BO:Bolivia|BR:Brazil|BS:Bahamas|BT:Bhutan|BW:Botswana|BY:Belarus|" +
        "BZ:Belize|CA:Canada|CD:Democratic Republic of the Congo,DR Congo|CF:Central African Republic|CG:Congo|CH:Switzerland|" +
        "CI:Ivory Coast,Cote d'Ivoire|CL:Chile|CM:Cameroon|CN:China|CO:Colombia|CR:Costa Rica|CU:Cuba|CV:Cape Verde|CY:Cyprus|" +
        "CZ:Czechia,Czech Republic|DE:Germany|DJ:Djibouti|DK:Denmark|DM:Dominica|DO:Dominican Republic|DZ:Algeria|EC:Ecuador|" +
        "EE:Estonia|EG:Egypt|ER:Eritrea|ES:Spain|ET:Ethiopia|FI:Finland|FJ:Fiji|FR:France|GA:Gabon|GB:United Kingdom,UK,Great Britain,Britain,England|" +
        "GD:Grenada|GE:Georgia|GH:Ghana|GM:Gambia|GN:Guinea|GQ:Equatorial Guinea|GR:Greece|GT:Guatemala|GW:Guinea-Bissau|GY:Guyana|" +
        "HK:Hong Kong|HN:Honduras|HR:Croatia|HT:Haiti|HU:Hungary|ID:Indonesia|IE:Ireland|IL:Israel|IN:India|IQ:Iraq|IR:Iran|IS:Iceland|" +
        "IT:Italy|JM:Jamaica|JO:Jordan|JP:Japan|KE:Kenya|KG:Kyrgyzstan|KH:Cambodia|KI:Kiribati|KM:Comoros|KN:Saint Kitts and Nevis|" +
        "KP:North Korea|KR:South Korea,Korea|KW:Kuwait|KZ:Kazakhstan|LA:Laos|LB:Lebanon|LC:Saint Lucia|LI:Liechtenstein|LK:Sri Lanka|" +
        "LR:Liberia|LS:Lesotho|LT:Lithuania|LU:Luxembourg|LV:Latvia|LY:Libya|MA:Morocco|MC:Monaco|MD:Moldova|ME:Montenegro|" +
        "MG:Madagascar|MH:Marshall Islands|MK:North Macedonia,Macedonia|ML:Mali|MM:Myanmar,Burma|MN:Mongolia|MR:Mauritania|MT:Malta|" +
        "MU:Mauritius|MV:Maldives|MW:Malawi|MX:Mexico|MY:Malaysia|MZ:Mozambique|NA:Namibia|NE:Niger|NG:Nigeria|NI:Nicaragua|" +
        "NL:Netherlands,Holland|NO:Norway|NP:Nepal|NR:Nauru|NZ:New Zealand|OM:Oman|PA:Panama|PE:Peru|PG:Papua New Guinea|" +
        "PH:Philippines|PK:Pakistan|PL:Poland|PR:Puerto Rico|PS:Palestine|PT:Portugal|PW:Palau|PY:Paraguay|QA:Qatar|RO:Romania|" +
        "RS:Serbia|RU:Russia|RW:Rwanda|SA:Saudi Arabia|SB:Solomon Islands|SC:Seychelles|SD:Sudan|SE:Sweden|SG:Singapore|SI:Slovenia|" +
        "SK:Slovakia|SL:Sierra Leone|SM:San Marino|SN:Senegal|SO:Somalia|SR:Suriname|SS:South Sudan|ST:Sao Tome and Principe|" +
        "SV:El Salvador|SY:Syria|SZ:Eswatini,Swaziland|TD:Chad|TG:Togo|TH:Thailand|TJ:Tajikistan|TL:Timor-Leste,East Timor|" +
        "TM:Turkmenistan|TN:Tunisia|TO:Tonga|TR:Turkey,Turkiye|TT:Trinidad and Tobago|TV:Tuvalu|TW:Taiwan|TZ:Tanzania|UA:Ukraine|" +
        "UG:Uganda|US:United States,USA,United States of America,America|UY:Uruguay|UZ:Uzbekistan|VA:Vatican City,Vatican|" +
        "VC:Saint Vincent and the Grenadines|VE:Venezuela|VN:Vietnam,Viet Nam|VU:Vanuatu|WS:Samoa|YE:Yemen|ZA:South Africa|" +
        "ZM:Zambia|ZW:Zimbabwe|GI:Gibraltar|JE:Jersey|GG:Guernsey|IM:Isle of Man|GL:Greenland|FO:Faroe Islands|AW:Aruba|" +
        "BM:Bermuda|KY:Cayman Islands|GP:Guadeloupe|MQ:Martinique|RE:Reunion|NC:New Caledonia|PF:French Polynesia|AI:Anguilla|" +
        "AX:Aland Islands|AQ:Antarctica|AS:American Samoa|BQ:Caribbean Netherlands|BL:Saint Barthelemy|BV:Bouvet Island|" +
        "CC:Cocos Islands|CK:Cook Islands|CW:Curacao|CX:Christmas Island|EH:Western Sahara|FK:Falkland Islands|FM:Micronesia|" +
        "GF:French Guiana|GS:South Georgia|GU:Guam|HM:Heard Island and McDonald Islands|IO:British Indian Ocean Territory|" +
        "MF:Saint Martin|MO:Macau,Macao|MP:Northern Mariana Islands|MS:Montserrat|NF:Norfolk Island|NU:Niue|PM:Saint Pierre and Miquelon|" +
        "PN:Pitcairn Islands|SH:Saint Helena|SJ:Svalbard and Jan Mayen|SX:Sint Maarten|TC:Turks and Caicos Islands|TF:French Southern Territories|" +
        "TK:Tokelau|UM:United States Minor Outlying Islands|VG:British Virgin Islands|VI:US Virgin Islands|WF:Wallis and Futuna|YT:Mayotte";

    /// <summary>Lower-case name (words separated by one space) → (code, name as the list spells it).</summary>
    private static readonly FrozenDictionary<string, (string Code, string Name)> ByName = Build();

    /// <summary>The country a phrase names ("germany", "united states"), or null.</summary>
    public static (string Code, string Name)? Find(string phrase) => ByName.TryGetValue(phrase, out var country) ? country : null;

    private static FrozenDictionary<string, (string, string)> Build()
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var entry in List.Split('|'))
        {
            var code = entry[..2];
            var names = entry[3..].Split(',');
            foreach (var name in names)
            {
                result[name.ToLowerInvariant().Replace('-', ' ').Replace("'", " ", StringComparison.Ordinal)] = (code, names[0]);
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
