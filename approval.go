package kam

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DiscountRequest asks for a promotional, loyalty or volume discount on an
// account: a depth (in basis points) on some products or all of them, over
// a duration, for a reason, and optionally for an opportunity or a
// contract. The store routes it to its approver by the org tree and the
// depth (see DiscountRule); the approver approves, rejects or counters, and
// the requester accepts or withdraws a counter. Every step is kept.
type DiscountRequest struct {
	ID            int64  `json:"id"`
	AccountID     int64  `json:"account_id"`
	AccountName   string `json:"account_name,omitempty"`
	OpportunityID int64  `json:"opportunity_id,omitempty"`
	ContractID    int64  `json:"contract_id,omitempty"`
	// ForName names the opportunity or contract the discount is for.
	ForName       string `json:"for_name,omitempty"`
	RequesterID   int64  `json:"requester_id"`
	RequesterName string `json:"requester_name,omitempty"`
	// ApproverID is who must decide; 0 with ApproverLevel admin means any
	// administrator. RouteReason says why, in words.
	ApproverID    int64   `json:"approver_id,omitempty"`
	ApproverName  string  `json:"approver_name,omitempty"`
	ApproverLevel string  `json:"approver_level"`
	RouteReason   string  `json:"route_reason"`
	Kind          string  `json:"kind"` // promotional, loyalty, volume
	DepthBP       int64   `json:"depth_bp"`
	ProductIDs    []int64 `json:"product_ids,omitempty"`
	// Products are the SKUs of ProductIDs, in the same order.
	Products []string `json:"products,omitempty"`
	StartsOn Date     `json:"starts_on"`
	EndsOn   Date     `json:"ends_on"`
	Reason   string   `json:"reason"`
	Status   string   `json:"status"` // pending, countered, approved, rejected, withdrawn
	// CounterBP is the approver's counter depth; GrantedBP the depth in
	// force once approved (the depth asked, or the counter accepted).
	CounterBP int64 `json:"counter_bp,omitempty"`
	GrantedBP int64 `json:"granted_bp,omitempty"`
	// Comment is the latest decision's comment.
	Comment   string         `json:"comment,omitempty"`
	DecidedBy int64          `json:"decided_by,omitempty"`
	DecidedAt *time.Time     `json:"decided_at,omitempty"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
	Version   int64          `json:"version"`
	Steps     []DiscountStep `json:"steps,omitempty"`
}

// DiscountStep is one step of a request: who did what, when, at which
// depth, with what comment.
type DiscountStep struct {
	At        time.Time `json:"at"`
	ActorID   int64     `json:"actor_id,omitempty"`
	ActorName string    `json:"actor_name,omitempty"`
	Action    string    `json:"action"` // request, approve, reject, counter, accept, withdraw
	DepthBP   int64     `json:"depth_bp"`
	Comment   string    `json:"comment,omitempty"`
}

// The statuses of a discount request: pending and countered are open.
const (
	DiscountPending   = "pending"
	DiscountCountered = "countered"
	DiscountApproved  = "approved"
	DiscountRejected  = "rejected"
	DiscountWithdrawn = "withdrawn"
)

// DiscountStatuses lists the statuses, open ones first.
var DiscountStatuses = []string{DiscountPending, DiscountCountered, DiscountApproved, DiscountRejected, DiscountWithdrawn}

// DiscountKinds lists the kinds of discount.
var DiscountKinds = []string{"promotional", "loyalty", "volume"}

// The actions of a request's steps. Approve, reject and counter are the
// approver's; accept and withdraw the requester's.
const (
	StepRequest  = "request"
	StepApprove  = "approve"
	StepReject   = "reject"
	StepCounter  = "counter"
	StepAccept   = "accept"
	StepWithdraw = "withdraw"
)

// DecisionActions are the approver's actions.
var DecisionActions = []string{StepApprove, StepReject, StepCounter}

// The approval levels a request is routed to by its depth.
const (
	ApproverManager  = "manager"  // the requester's manager or their unit's director
	ApproverDirector = "director" // the next director up the org tree from the manager
	ApproverAdmin    = "admin"    // any administrator
)

// DiscountDecider says who would decide a request up to a depth, for the
// requester to see before asking. UpToBP 0 is any deeper discount;
// ApproverID 0 is any administrator.
type DiscountDecider struct {
	UpToBP       int64
	Level        string
	ApproverID   int64
	ApproverName string
	Reason       string
}

// UpTo says the depths the decider covers: "up to 10%", or "deeper".
func (d DiscountDecider) UpTo() string {
	if d.UpToBP == 0 {
		return "deeper"
	}
	return "up to " + PercentOf(d.UpToBP)
}

// DiscountDecision is an approver's decision: approve, reject, or counter
// with another depth. Version is the request's version it was made from.
type DiscountDecision struct {
	Version   int64
	Action    string
	CounterBP int64
	Comment   string
}

// maxDiscountDays is the longest duration of a discount: three years.
const maxDiscountDays = 3 * 366

// Validate checks a new request's own fields; its account, opportunity,
// contract and products are checked by the store.
func (r *DiscountRequest) Validate() error {
	switch {
	case r.AccountID == 0:
		return FieldError("account_id", "A discount is for an account.")
	case !slices.Contains(DiscountKinds, r.Kind):
		return FieldError("kind", "Kind must be one of promotional, loyalty, volume.")
	case r.DepthBP <= 0 || r.DepthBP >= 10000:
		return FieldError("depth_bp", "The depth is a percentage above 0 and below 100 (1 to 9,999 basis points).")
	case r.StartsOn.IsZero():
		return FieldError("starts_on", "Say from which day the discount applies.")
	case r.EndsOn.IsZero():
		return FieldError("ends_on", "Say until which day the discount applies.")
	case r.EndsOn.Before(r.StartsOn):
		return FieldError("ends_on", "The discount ends on or after the day it starts.")
	case r.StartsOn.DaysUntil(r.EndsOn) > maxDiscountDays:
		return FieldError("ends_on", "A discount runs for three years at the most; ask again when it ends.")
	case strings.TrimSpace(r.Reason) == "":
		return FieldError("reason", "Give the reason for the discount: the approver decides on it.")
	case len(r.Reason) > 2000:
		return FieldError("reason", "A reason has at most 2,000 characters.")
	case r.OpportunityID != 0 && r.ContractID != 0:
		return FieldError("opportunity_id", "A discount is for one opportunity or one contract, not both.")
	case len(r.ProductIDs) > 100:
		return FieldError("product_ids", "Name at most 100 products, or none for all products.")
	}
	return nil
}

// IsOpen reports whether the request still waits for someone: the approver
// (pending) or the requester (countered).
func (r *DiscountRequest) IsOpen() bool {
	return r.Status == DiscountPending || r.Status == DiscountCountered
}

// InForce reports whether the request is an approved discount that applies
// on a day.
func (r *DiscountRequest) InForce(day Date) bool {
	return r.Status == DiscountApproved && !day.Before(r.StartsOn) && !r.EndsOn.Before(day)
}

// DepthPercent is the depth asked as a percentage: "12.5%".
func (r *DiscountRequest) DepthPercent() string { return PercentOf(r.DepthBP) }

// CounterPercent is the counter depth as a percentage, or "".
func (r *DiscountRequest) CounterPercent() string { return PercentOf(r.CounterBP) }

// GrantedPercent is the depth approved as a percentage, or "".
func (r *DiscountRequest) GrantedPercent() string { return PercentOf(r.GrantedBP) }

// DepthPercent is the step's depth as a percentage, or "".
func (s DiscountStep) DepthPercent() string { return PercentOf(s.DepthBP) }

// PercentOf writes basis points as a percentage with no needless decimals:
// 1250 is "12.5%", 1000 "10%"; 0 is "".
func PercentOf(bp int64) string {
	if bp == 0 {
		return ""
	}
	s := strconv.FormatFloat(float64(bp)/100, 'f', 2, 64)
	s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	return s + "%"
}

// ParsePercent reads a percentage such as "12.5" or "12,5%" into basis
// points, rounded to the nearest one.
func ParsePercent(s string) (int64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e6 {
		return 0, fmt.Errorf("%q is not a percentage such as 12.5", s)
	}
	return int64(math.Round(f * 100)), nil
}

// SettingDiscountApproval is the key of the discount approval thresholds.
const SettingDiscountApproval = "discount_approval"

// DiscountRule is how deep a discount each level may approve, in basis
// points. A request up to ManagerBP goes to the requester's manager
// (users.manager_id) or, without one, to the director of the requester's
// org unit (the nearest unit up the tree that has one); up to DirectorBP to
// the next director up the org tree from that first decider (above the
// unit they direct, or at or above a manager's unit when the manager
// directs none); deeper, or when the tree has no such director, to an
// administrator. Administrators may decide
// any request; nobody decides their own.
type DiscountRule struct {
	ManagerBP  int64 `json:"manager_up_to_bp"`
	DirectorBP int64 `json:"director_up_to_bp"`
}

// DefaultDiscountRule is the rule until an administrator sets one: up to
// 10% the manager, up to 25% the director above.
func DefaultDiscountRule() DiscountRule { return DiscountRule{ManagerBP: 1000, DirectorBP: 2500} }

// ParseDiscountRule reads the discount_approval setting, such as
// {"manager_up_to_bp": 500, "director_up_to_bp": 2000}; a threshold left
// out keeps its default.
func ParseDiscountRule(body []byte) (DiscountRule, error) {
	rule := DefaultDiscountRule()
	if len(body) == 0 {
		return rule, nil
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rule); err != nil {
		return rule, fmt.Errorf("the thresholds are an object such as {\"manager_up_to_bp\": 1000, \"director_up_to_bp\": 2500}")
	}
	return rule, rule.Check()
}

// Check refuses thresholds out of order or out of range.
func (r DiscountRule) Check() error {
	switch {
	case r.ManagerBP < 0 || r.ManagerBP > 10000 || r.DirectorBP < 0 || r.DirectorBP > 10000:
		return fmt.Errorf("the thresholds are percentages from 0 to 100 (0 to 10,000 basis points)")
	case r.DirectorBP < r.ManagerBP:
		return fmt.Errorf("the director's threshold (%s) cannot be below the manager's (%s)", PercentOf(r.DirectorBP), PercentOf(r.ManagerBP))
	}
	return nil
}

// Level is the level that decides a depth.
func (r DiscountRule) Level(depth int64) string {
	switch {
	case depth <= r.ManagerBP:
		return ApproverManager
	case depth <= r.DirectorBP:
		return ApproverDirector
	}
	return ApproverAdmin
}

// Limit is the deepest discount a level may grant.
func (r DiscountRule) Limit(level string) int64 {
	switch level {
	case ApproverManager:
		return r.ManagerBP
	case ApproverDirector:
		return r.DirectorBP
	}
	return 9999
}

// Describe says the rule in words, for the approvals page.
func (r DiscountRule) Describe() string {
	return fmt.Sprintf("Up to %s: the requester's manager, or the director of their org unit. Up to %s: the next director "+
		"up the org tree from that person. Deeper, or when there is no such director: an administrator. Administrators may "+
		"decide any request; nobody decides their own.",
		orZero(r.ManagerBP), orZero(r.DirectorBP))
}

// orZero is a percentage, "0%" for none.
func orZero(bp int64) string {
	if bp == 0 {
		return "0%"
	}
	return PercentOf(bp)
}
