package validate

import (
	"fmt"
	"strings"
)

// iso3166Alpha2 lists the 249 officially assigned ISO 3166-1 alpha-2 codes.
//
// The list is kept here by hand because golang.org/x/text/language, the library that
// knows regions, also accepts withdrawn codes (YU, SU, DD, ZR) and reserved ones (UK,
// UN), which certificate authorities refuse.
const iso3166Alpha2 = `
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ
EC EE EG EH ER ES ET
FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
HK HM HN HR HT HU
ID IE IL IM IN IO IQ IR IS IT
JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ
LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ
OM
PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA
RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
UA UG UM US UY UZ
VA VC VE VG VI VN VU
WF WS
YE YT
ZA ZM ZW`

var countryCodes = func() map[string]bool {
	codes := map[string]bool{}
	for _, c := range strings.Fields(iso3166Alpha2) {
		codes[c] = true
	}
	return codes
}()

// CountryCode accepts an officially assigned ISO 3166-1 alpha-2 code in upper case.
func CountryCode(code string) error {
	if countryCodes[code] {
		return nil
	}
	if countryCodes[strings.ToUpper(code)] {
		return fmt.Errorf("%q must be written in upper case: %q", code, strings.ToUpper(code))
	}
	if code == "UK" {
		return fmt.Errorf("%q is not an ISO 3166-1 code; the United Kingdom is \"GB\"", code)
	}
	return fmt.Errorf("%q is not an ISO 3166-1 alpha-2 country code; give two upper-case letters such as CN, US or DE", code)
}
