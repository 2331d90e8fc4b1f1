package kam

import (
	"encoding/json"
	"net/url"
	"slices"
	"time"
)

// The events a webhook may subscribe to. Each is recorded in the same
// transaction as the change it reports; the README lists their payloads.
const (
	// EventFlagRaised: a change flag was raised on an account.
	EventFlagRaised = "flag.raised"
	// EventFlagResolved: a flag was resolved (its cause passed, or someone
	// resolved it) or dismissed.
	EventFlagResolved = "flag.resolved"
	// EventAccountChanged: someone changed an account's fields.
	EventAccountChanged = "account.changed"
	// EventOpportunityStageChanged: a deal moved to another stage.
	EventOpportunityStageChanged = "opportunity.stage_changed"
	// EventApprovalRequested: a discount was requested and routed to
	// its approver.
	EventApprovalRequested = "approval.requested"
	// EventImportFinished: an import (not a dry run) finished or failed.
	EventImportFinished = "import.finished"
	// EventPing is the test delivery an administrator sends to one webhook;
	// it cannot be subscribed to.
	EventPing = "ping"
)

// WebhookEvents lists the events a webhook may subscribe to.
var WebhookEvents = []string{
	EventFlagRaised, EventFlagResolved, EventAccountChanged,
	EventOpportunityStageChanged, EventApprovalRequested, EventImportFinished,
}

// ValidWebhookEvent reports whether a webhook may subscribe to event.
func ValidWebhookEvent(event string) bool { return slices.Contains(WebhookEvents, event) }

// Webhook is a subscription: kam POSTs the events it names to URL, signed
// with its secret.
type Webhook struct {
	ID     int64    `json:"id"`
	URL    string   `json:"url"`
	Events []string `json:"events"`
	// Active is false when an administrator paused the webhook or kam
	// disabled it after repeated failures (DisabledReason says which).
	Active         bool   `json:"active"`
	DisabledReason string `json:"disabled_reason,omitempty"`
	// ConsecutiveFailures counts deliveries in a row that failed for good
	// (every retry spent); a success resets it.
	ConsecutiveFailures int       `json:"consecutive_failures"`
	CreatedBy           int64     `json:"created_by,omitempty"`
	CreatedAt           time.Time `json:"created_at"`
	UpdatedAt           time.Time `json:"updated_at"`
	Version             int64     `json:"version"`
	// Secret signs the deliveries. It is filled only when the webhook is
	// created: it is shown once and never read back.
	Secret string `json:"secret,omitempty"`
}

// WebhookUpdate changes a webhook; nil fields stay as they are. Version must
// be the version the change was made from.
type WebhookUpdate struct {
	URL     *string
	Events  *[]string
	Active  *bool
	Version int64
}

// The states of a webhook delivery.
const (
	DeliveryPending   = "pending"
	DeliverySucceeded = "succeeded"
	DeliveryFailed    = "failed"
)

// WebhookDelivery is one event sent, or to be sent, to one webhook: an entry
// of the delivery log.
type WebhookDelivery struct {
	ID        int64  `json:"id"`
	WebhookID int64  `json:"webhook_id"`
	EventID   int64  `json:"event_id"`
	Event     string `json:"event"`
	// Payload is the event's data, as in the body's "data".
	Payload  json.RawMessage `json:"payload"`
	Status   string          `json:"status"`
	Attempts int             `json:"attempts"`
	// NextAttemptAt is when a pending delivery is tried next.
	NextAttemptAt  time.Time `json:"next_attempt_at,omitzero"`
	LastStatusCode int       `json:"last_status_code,omitempty"`
	LastError      string    `json:"last_error,omitempty"`
	ResponseMillis int       `json:"response_ms"`
	CreatedAt      time.Time `json:"created_at"`
	DeliveredAt    time.Time `json:"delivered_at,omitzero"`
}

// URLOrigin is a URL's scheme and host, for logs and the audit log: the
// path and query of a webhook URL often hold a secret (chat services put
// one there).
func URLOrigin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(a URL)"
	}
	return u.Scheme + "://" + u.Host
}
