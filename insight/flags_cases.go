package insight

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kamhq/kam"
)

// CaseOverdue is the kind of flag raised by a service case past its due day.
const CaseOverdue FlagKind = "case_overdue"

// CasesOverdue flags each unresolved case whose due day is before the as-of
// day, one flag per case. A critical or high case, or any case a week or
// more late, is high severity; a low case less than a week late is low.
func CasesOverdue(cases []Issue, asOf kam.Date) []Flag {
	var out []Flag
	for _, c := range cases {
		if c.Due.IsZero() || !c.Due.Before(asOf) {
			continue
		}
		days := c.Due.DaysUntil(asOf)
		sev := SeverityMedium
		switch {
		case c.Severity == "critical" || c.Severity == "high" || days >= 7:
			sev = SeverityHigh
		case c.Severity == "low":
			sev = SeverityLow
		}
		late := "1 day"
		if days != 1 {
			late = fmt.Sprintf("%d days", days)
		}
		out = append(out, Flag{Kind: CaseOverdue, Severity: sev, Cause: causeOf(CaseOverdue, c.ID, c.Subject),
			Evidence: fmt.Sprintf("Case '%s' (%s) is %s past its due date of %s", strings.TrimSpace(c.Subject), c.Severity, late, c.Due)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Cause < out[j].Cause })
	return out
}
