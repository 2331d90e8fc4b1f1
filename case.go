package kam

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// CaseKinds lists every kind of case.
var CaseKinds = []CaseKind{CaseComplaint, CaseConflict, CaseQuestion, CaseTechnical}

// Valid reports whether k is a known kind.
func (k CaseKind) Valid() bool { return slices.Contains(CaseKinds, k) }

// CaseSeverities lists a case's severities, most severe first.
var CaseSeverities = []string{"critical", "high", "medium", "low"}

// CaseStatuses lists a case's statuses in the order a case goes through
// them: the first three are open, resolved needs the client's satisfaction,
// and closed follows resolved.
var CaseStatuses = []string{"open", "in_progress", "waiting", "resolved", "closed"}

// CaseOpenStatus reports whether a status is one of an open case.
func CaseOpenStatus(status string) bool {
	return status == "open" || status == "in_progress" || status == "waiting"
}

// Validate checks a case's own fields; its account, contact and owner are
// checked by the store.
func (c *Case) Validate() error {
	switch {
	case c.AccountID == 0:
		return FieldError("account_id", "A case belongs to an account.")
	case strings.TrimSpace(c.Subject) == "":
		return FieldError("subject", "A case needs a subject.")
	case len(c.Subject) > 200:
		return FieldError("subject", "A subject has at most 200 characters.")
	case len(c.Description) > 10000:
		return FieldError("description", "A description has at most 10,000 characters.")
	case !c.Kind.Valid():
		return FieldError("kind", "Kind must be one of complaint, conflict, question, technical.")
	case !slices.Contains(CaseSeverities, c.Severity):
		return FieldError("severity", "Severity must be one of critical, high, medium, low.")
	case !slices.Contains(CaseStatuses, c.Status):
		return FieldError("status", "Status must be one of open, in_progress, waiting, resolved, closed.")
	case c.Satisfaction < 0 || c.Satisfaction > 5:
		return FieldError("satisfaction", "Satisfaction is 1 (very unhappy) to 5 (very happy).")
	case !c.IsOpen() && c.Satisfaction == 0:
		return FieldError("satisfaction", "Record the client's satisfaction (1 to 5) to resolve the case.")
	case c.IsOpen() && c.Satisfaction != 0:
		return FieldError("satisfaction", "Satisfaction is recorded when the case is resolved.")
	}
	return nil
}

// IsOverdue reports whether an open case is past its due day on a day.
func (c *Case) IsOverdue(today Date) bool {
	return c.IsOpen() && !c.Due.IsZero() && c.Due.Before(today)
}

// CaseUpdate is a change to a case: each field left nil keeps its value.
// Version is the version the change was made from; a case changed since is
// refused. A new severity moves the due day to what its service level gives
// from the opening, unless Due is given too.
type CaseUpdate struct {
	Version      int64
	Kind         *CaseKind
	Severity     *string
	Status       *string
	Subject      *string
	Description  *string
	ContactID    *int64
	OwnerID      *int64
	Due          *Date
	Satisfaction *int
}

// SettingCaseSLA is the key of the service levels' setting.
const SettingCaseSLA = "case_sla"

// CaseSLA is the service level of cases: the hours from opening to due, by
// severity. They are calendar hours; the due day is the day they end on.
type CaseSLA map[string]int

// DefaultCaseSLA is the service level until an administrator sets one: a
// critical case is due within 8 hours (the same or the next day), a high
// one in 2 days, a medium one in 5 and a low one in 10.
func DefaultCaseSLA() CaseSLA {
	return CaseSLA{"critical": 8, "high": 48, "medium": 120, "low": 240}
}

// ParseCaseSLA reads the case_sla setting, such as {"critical": 4,
// "high": 24}: hours by severity, 1 to 8760 (a year); a severity left out
// keeps its default.
func ParseCaseSLA(body []byte) (CaseSLA, error) {
	sla := DefaultCaseSLA()
	if len(body) == 0 {
		return sla, nil
	}
	var in map[string]json.RawMessage
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, fmt.Errorf("the service levels are an object of hours by severity, such as {\"critical\": 8, \"high\": 48}")
	}
	for sev, raw := range in {
		if !slices.Contains(CaseSeverities, sev) {
			return nil, fmt.Errorf("there is no severity %q; the severities are critical, high, medium and low", sev)
		}
		var hours int
		if err := json.Unmarshal(raw, &hours); err != nil || hours < 1 || hours > 8760 {
			return nil, fmt.Errorf("%s: the hours to due are a whole number from 1 to 8760, not %s", sev, raw)
		}
		sla[sev] = hours
	}
	return sla, nil
}

// Due is the due day of a case of a severity opened at a time: the day on
// which its hours end, in UTC. An unknown severity takes medium's hours.
func (sla CaseSLA) Due(severity string, opened time.Time) Date {
	hours, ok := sla[severity]
	if !ok {
		hours = DefaultCaseSLA()["medium"]
		if h, ok := sla["medium"]; ok {
			hours = h
		}
	}
	return DateOf(opened.Add(time.Duration(hours) * time.Hour))
}
