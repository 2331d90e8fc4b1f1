package kam

import "time"

// DuplicatePair is a probable duplicate waiting for a person: an account
// that looks like another one, with how alike they are and why.
type DuplicatePair struct {
	ID        int64     `json:"id"`
	Account   *Account  `json:"account"`
	Candidate *Account  `json:"candidate"`
	Score     int       `json:"score"` // 0–100
	Reasons   string    `json:"reasons"`
	Status    string    `json:"status"` // open, merged, dismissed
	CreatedAt time.Time `json:"created_at"`
}

// Merge records one account merged into another: what moved, so that the
// merge can be undone.
type Merge struct {
	ID         int64  `json:"id"`
	SurvivorID int64  `json:"survivor_id"`
	MergedID   int64  `json:"merged_id"`
	MergedName string `json:"merged_name"`
	// Moved counts the records moved per kind (contacts, orders, ...).
	Moved    map[string]int `json:"moved"`
	MergedBy int64          `json:"merged_by,omitempty"`
	MergedAt time.Time      `json:"merged_at"`
	UndoneAt time.Time      `json:"undone_at,omitzero"`
}
