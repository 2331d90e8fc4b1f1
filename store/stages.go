package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kamhq/kam"
)

// Classification is one entry of an account's classification history: its
// quadrant and axes as computed, whether it met the key-account definition,
// and the relational stage its KAM set.
type Classification struct {
	AccountID      int64   `json:"account_id"`
	At             string  `json:"at"`
	Quadrant       string  `json:"quadrant"`
	Attractiveness float64 `json:"attractiveness"`
	Strength       float64 `json:"strength"`
	Stage          string  `json:"relational_stage"`
	KeyAccount     bool    `json:"key_account"`
	SetBy          int64   `json:"set_by,omitempty"`
}

// SetStage records the relational stage an account's manager judges it to be
// in; stage must already be valid. Anyone who may edit the account may.
func (s *Store) SetStage(ctx context.Context, p *kam.Principal, accountID int64, stage string) error {
	if err := checkAccountWrite(ctx, s.reader(), p, accountID); err != nil {
		return err
	}
	latest, err := s.latestClassification(ctx, accountID)
	if err != nil {
		return err
	}
	latest.Stage, latest.SetBy = stage, p.UserID
	return s.appendClassification(ctx, p, accountID, latest, "stage")
}

// RecordClassifications appends each account's computed classification
// whose quadrant or key-account standing differs from its latest entry,
// keeping the stage its manager set, all in one transaction; it returns how
// many it appended.
func (s *Store) RecordClassifications(ctx context.Context, cs []Classification) (int, error) {
	type latest struct {
		quadrant, stage string
		key             bool
		setBy           int64
	}
	last := map[int64]latest{}
	rows, err := s.reader().query(ctx, `SELECT c.account_id, c.quadrant, c.stage, c.key_account, COALESCE(c.set_by, 0) FROM account_classifications c
		WHERE c.id = (SELECT MAX(id) FROM account_classifications WHERE account_id = c.account_id)`)
	if err != nil {
		return 0, fmt.Errorf("read classifications: %w", err)
	}
	err = eachRow(rows, func() error {
		var id int64
		var l latest
		if err := rows.Scan(&id, &l.quadrant, &l.stage, &l.key, &l.setBy); err != nil {
			return err
		}
		last[id] = l
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read classifications: %w", err)
	}
	n := 0
	err = s.inTxPrepared(ctx, func(c conn) error {
		now := s.Now()
		for _, cl := range cs {
			l, ok := last[cl.AccountID]
			if ok && l.quadrant == cl.Quadrant && l.key == cl.KeyAccount {
				continue
			}
			cl.Stage, cl.SetBy = l.stage, l.setBy // the stage stays its manager's
			body, err := json.Marshal(cl)
			if err != nil {
				return err
			}
			if _, err := c.exec(ctx, `INSERT INTO account_classifications (account_id, at, quadrant, attractiveness, strength, stage, key_account, set_by, body)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, cl.AccountID, now, cl.Quadrant, cl.Attractiveness, cl.Strength, cl.Stage, cl.KeyAccount, nullID(cl.SetBy), string(body)); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// Stages returns the latest relational stage of every account that has one.
func (s *Store) Stages(ctx context.Context) (map[int64]string, error) {
	rows, err := s.reader().query(ctx, `SELECT c.account_id, c.stage FROM account_classifications c
		WHERE c.id = (SELECT MAX(id) FROM account_classifications WHERE account_id = c.account_id) AND c.stage <> ''`)
	if err != nil {
		return nil, fmt.Errorf("read stages: %w", err)
	}
	out := map[int64]string{}
	err = eachRow(rows, func() error {
		var id int64
		var stage string
		if err := rows.Scan(&id, &stage); err != nil {
			return err
		}
		out[id] = stage
		return nil
	})
	return out, err
}

// ClassificationHistory lists an account's classification entries, newest
// first, if p may see the account.
func (s *Store) ClassificationHistory(ctx context.Context, p *kam.Principal, accountID int64) ([]Classification, error) {
	if _, err := s.FindAccountByID(ctx, p, accountID); err != nil {
		return nil, err
	}
	rows, err := s.reader().query(ctx, `SELECT account_id, at, quadrant, attractiveness, strength, stage, key_account, COALESCE(set_by, 0)
		FROM account_classifications WHERE account_id = ? ORDER BY id DESC`, accountID)
	if err != nil {
		return nil, fmt.Errorf("read classification history: %w", err)
	}
	out := []Classification{}
	err = eachRow(rows, func() error {
		var c Classification
		var at time.Time
		if err := rows.Scan(&c.AccountID, &at, &c.Quadrant, &c.Attractiveness, &c.Strength, &c.Stage, &c.KeyAccount, &c.SetBy); err != nil {
			return err
		}
		c.At = at.UTC().Format(time.RFC3339)
		out = append(out, c)
		return nil
	})
	return out, err
}

func (s *Store) latestClassification(ctx context.Context, accountID int64) (Classification, error) {
	h, err := s.ClassificationHistory(ctx, kam.System(), accountID)
	if err != nil || len(h) == 0 {
		return Classification{AccountID: accountID}, err
	}
	return h[0], nil
}

func (s *Store) appendClassification(ctx context.Context, p *kam.Principal, accountID int64, c Classification, what string) error {
	body, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(cn conn) error {
		if _, err := cn.exec(ctx, `INSERT INTO account_classifications (account_id, at, quadrant, attractiveness, strength, stage, key_account, set_by, body)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, accountID, s.Now(), c.Quadrant, c.Attractiveness, c.Strength, c.Stage, c.KeyAccount,
			nullID(c.SetBy), string(body)); err != nil {
			return err
		}
		return s.audit(ctx, cn, p, "account", accountID, "update", change{field: what, new: c.Quadrant + " " + c.Stage})
	})
}
