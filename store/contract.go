package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
)

// Contracts: the framework agreements of an account, with their term,
// value, renewal and notice period. A contract belongs to its account and
// is seen and changed by whoever sees and changes the account. Every change
// is audited as "contract" and queues the account's roll-up: a contract
// inside its notice period raises a flag (insight.ContractNotice).

// contractColumns are the columns scanContract reads, in its order.
const contractColumns = `k.id, k.account_id, k.name, k.start_date, k.end_date, k.value, k.currency, k.auto_renew,
	k.renewal_terms, k.notice_days, k.status, k.version, k.created_at`

// scanContract reads a row of contractColumns.
func scanContract(scan func(...any) error) (*kam.Contract, error) {
	var k kam.Contract
	err := scan(&k.ID, &k.AccountID, &k.Name, &k.StartDate, &k.EndDate, &k.Value, &k.Currency, &k.AutoRenew,
		&k.RenewalTerms, &k.NoticeDays, &k.Status, &k.Version, &k.CreatedAt)
	return &k, err
}

// FindContract returns a contract of an account p may see; anything else
// is ENOTFOUND, deleted contracts included.
func (s *Store) FindContract(ctx context.Context, p *kam.Principal, id int64) (*kam.Contract, error) {
	return findContract(ctx, s.reader(), p, id)
}

func findContract(ctx context.Context, c conn, p *kam.Principal, id int64) (*kam.Contract, error) {
	pred, args := accountScope(p, "a")
	k, err := scanContract(c.queryRow(ctx, `SELECT `+contractColumns+` FROM contracts k WHERE k.id = ? AND k.deleted_at IS NULL
		AND k.account_id IN (SELECT a.id FROM accounts a WHERE a.deleted_at IS NULL AND `+pred+`)`, append([]any{id}, args...)...).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kam.Errorf(kam.ENOTFOUND, "Contract %d not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find contract %d: %w", id, err)
	}
	return k, nil
}

// CreateContract adds a contract to an account p may change. Left empty,
// the status is active.
func (s *Store) CreateContract(ctx context.Context, p *kam.Principal, k *kam.Contract) error {
	if err := requireWrite(p); err != nil {
		return err
	}
	k.Name = strings.TrimSpace(k.Name)
	if k.Status == "" {
		k.Status = "active"
	}
	if err := k.Validate(); err != nil {
		return err
	}
	k.CreatedAt, k.Version = s.Now(), 1
	err := s.inTx(ctx, func(c conn) error {
		if err := checkAccountWrite(ctx, c, p, k.AccountID); err != nil {
			return kam.FieldError("account_id", "%s", kam.ErrorMessage(err))
		}
		id, err := c.insert(ctx, `INSERT INTO contracts (account_id, name, start_date, end_date, value, currency, auto_renew,
			renewal_terms, notice_days, status, version, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, k.AccountID, k.Name,
			k.StartDate, k.EndDate, int64(k.Value), k.Currency, k.AutoRenew, k.RenewalTerms, k.NoticeDays, k.Status, k.Version, k.CreatedAt)
		if err != nil {
			return fmt.Errorf("create contract: %w", err)
		}
		k.ID = id
		return s.contractChanged(ctx, c, p, k, "create", change{field: "name", new: k.Name},
			change{field: "end_date", new: k.EndDate.String()}, change{field: "status", new: k.Status})
	})
	if err == nil {
		s.refreshQueued(ctx, k.AccountID)
	}
	return err
}

// contractChanged audits a contract's change and queues its account's
// roll-up.
func (s *Store) contractChanged(ctx context.Context, c conn, p *kam.Principal, k *kam.Contract, action string, changes ...change) error {
	if err := s.audit(ctx, c, p, "contract", k.ID, action, changes...); err != nil {
		return err
	}
	return queueRollups(ctx, c, map[int64]bool{k.AccountID: true}, s.Now())
}

// writableContract finds a contract p may change, as it is now; version,
// if not 0, must still be its version (ESTALE otherwise).
func writableContract(ctx context.Context, c conn, p *kam.Principal, id, version int64) (*kam.Contract, error) {
	k, err := findContract(ctx, c, p, id)
	if err != nil {
		return nil, err
	}
	if err := checkAccountWrite(ctx, c, p, k.AccountID); err != nil {
		return nil, err
	}
	if version != 0 && version != k.Version {
		return nil, staleError("Contract", id, version, k.Version)
	}
	return k, nil
}

// UpdateContract applies upd to a contract on an account p may change if
// upd.Version is still its version; a newer one is ESTALE and nothing is
// written. A contract p cannot see is ENOTFOUND, one p sees but may not
// change EFORBIDDEN. A change that changes nothing keeps the version.
func (s *Store) UpdateContract(ctx context.Context, p *kam.Principal, id int64, upd kam.ContractUpdate) (*kam.Contract, error) {
	if upd.Version == 0 {
		return nil, kam.Errorf(kam.EPRECONDITION, "Name the version of the contract you are changing.")
	}
	var out *kam.Contract
	changed := false
	err := s.inTx(ctx, func(c conn) error {
		k, err := writableContract(ctx, c, p, id, upd.Version)
		if err != nil {
			return err
		}
		var pt patch
		pt.str("name", &k.Name, trimmed(upd.Name))
		patchValue(&pt, "start_date", &k.StartDate, upd.StartDate)
		patchValue(&pt, "end_date", &k.EndDate, upd.EndDate)
		patchValue(&pt, "value", &k.Value, upd.Value)
		pt.str("currency", &k.Currency, upd.Currency)
		pt.flag("auto_renew", &k.AutoRenew, upd.AutoRenew)
		pt.str("renewal_terms", &k.RenewalTerms, upd.RenewalTerms)
		pt.str("status", &k.Status, upd.Status)
		if upd.NoticeDays != nil && *upd.NoticeDays != k.NoticeDays {
			pt.changes = append(pt.changes, change{"notice_days", strconv.Itoa(k.NoticeDays), strconv.Itoa(*upd.NoticeDays)})
			k.NoticeDays = *upd.NoticeDays
		}
		if err := k.Validate(); err != nil {
			return err
		}
		out = k
		if len(pt.changes) == 0 {
			return nil
		}
		res, err := c.exec(ctx, `UPDATE contracts SET name = ?, start_date = ?, end_date = ?, value = ?, currency = ?, auto_renew = ?,
			renewal_terms = ?, notice_days = ?, status = ?, version = version + 1 WHERE id = ? AND version = ? AND deleted_at IS NULL`,
			k.Name, k.StartDate, k.EndDate, int64(k.Value), k.Currency, k.AutoRenew, k.RenewalTerms, k.NoticeDays, k.Status, id, k.Version)
		if err != nil {
			return fmt.Errorf("update contract %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 { // changed by a transaction that committed while this one waited
			return staleError("Contract", id, upd.Version, upd.Version+1)
		}
		k.Version++
		changed = true
		return s.contractChanged(ctx, c, p, k, "update", pt.changes...)
	})
	if err != nil {
		return nil, err
	}
	if changed {
		s.refreshQueued(ctx, out.AccountID)
	}
	return out, nil
}

// DeleteContract moves a contract to the bin; version, if not 0, must
// still be its version. Its dates no longer raise flags.
func (s *Store) DeleteContract(ctx context.Context, p *kam.Principal, id, version int64) error {
	var accountID int64
	err := s.inTx(ctx, func(c conn) error {
		k, err := writableContract(ctx, c, p, id, version)
		if err != nil {
			return err
		}
		if err := markDeleted(ctx, c, "contracts", "Contract", id, k.Version, s.Now()); err != nil {
			return err
		}
		accountID = k.AccountID
		return s.contractChanged(ctx, c, p, k, "delete", change{field: "name", old: k.Name})
	})
	if err == nil {
		s.refreshQueued(ctx, accountID)
	}
	return err
}

// RestoreContract brings a deleted contract back (administrators only).
func (s *Store) RestoreContract(ctx context.Context, p *kam.Principal, id int64) (*kam.Contract, error) {
	return restoreRecord(ctx, s, p, "contracts", "Contract", id,
		func(c conn) (*kam.Contract, error) { return findContract(ctx, c, p, id) },
		func(c conn, k *kam.Contract) error {
			return s.contractChanged(ctx, c, p, k, "restore", change{field: "name", new: k.Name})
		},
		func(k *kam.Contract) int64 { return k.AccountID })
}
