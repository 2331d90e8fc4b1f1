package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/insight/score"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// accountInsights is what kam keeps of one account: its roll-up as of the
// last recompute, its classification history and its live flags.
type accountInsights struct {
	portfolio.AccountRef
	// Rollup is nil until a recompute has computed the account; Note then
	// says so.
	Rollup          *rollupBody            `json:"rollup"`
	Note            string                 `json:"note,omitempty"`
	Classifications []store.Classification `json:"classifications"`
	Flags           []*kam.AccountFlag     `json:"flags"`
}

// rollupBody is an account's stored roll-up: its own figures, its
// hierarchy's (its own plus every subsidiary's) and its health score.
type rollupBody struct {
	ComputedAt time.Time       `json:"computed_at"`
	Own        insight.Figures `json:"own"`
	Tree       insight.Figures `json:"tree"`
	Health     *int            `json:"health"`
}

// AccountInsights serves GET /api/v1/accounts/{id}/insights: the account's
// stored roll-up (own and hierarchy figures, health), its classification
// history (newest first) and its open and acknowledged flags. It reads what
// the last recompute stored and takes no as_of; GET /api/v1/flags?as_of=
// computes flags for any day. An account outside the token user's scope is
// not found.
func (h *Handler) AccountInsights(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	id, err := pathTarget(r, "account")
	var a *kam.Account
	if err == nil {
		a, err = h.st.FindAccountByID(ctx, p, id)
	}
	var out accountInsights
	if err == nil {
		names, e := portfolio.LoadNames(ctx, h.st, p)
		out.AccountRef, err = names.Ref(a), e
	}
	if err == nil {
		var ru *store.Rollup
		switch ru, err = h.st.FindRollup(ctx, p, id); {
		case err == nil:
			out.Rollup = &rollupBody{ComputedAt: ru.ComputedAt.UTC(), Own: ru.Own, Tree: ru.Tree, Health: ru.Health}
		case kam.ErrorCode(err) == kam.ENOTFOUND: // the account exists: it has no roll-up yet
			out.Note, err = "The account has no roll-up yet; run kam recompute.", nil
		}
	}
	if err == nil {
		out.Classifications, err = h.st.ClassificationHistory(ctx, p, id)
	}
	if err == nil {
		out.Flags, err = h.st.FindAccountFlags(ctx, p, id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	out.Classifications, out.Flags = orEmpty(out.Classifications), orEmpty(out.Flags)
	h.writeJSON(w, r, http.StatusOK, itemResponse[accountInsights]{Data: out})
}

// stageRequest is the body of PUT /api/v1/accounts/{id}/stage.
type stageRequest struct {
	Stage string `json:"stage"`
}

// SetStage serves PUT /api/v1/accounts/{id}/stage with the body
// {"stage": "mid_kam"}: the relational stage the account's manager judges
// it to be in (pre_kam, early_kam, mid_kam, partnership_kam, synergistic_kam
// or uncoupling_kam; "Mid KAM" and "mid" are read too). Anyone who may
// change the account may. It answers the newest classification entry.
func (h *Handler) SetStage(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "set relational stages", "account")
	var body stageRequest
	if err == nil {
		err = readJSON(w, r, &body)
	}
	var stage score.Stage
	if err == nil {
		if stage, err = score.ParseStage(body.Stage); err != nil {
			err = kam.FieldError("stage", "The %s.", err.Error())
		}
	}
	if err == nil {
		err = h.st.SetStage(r.Context(), p, id, string(stage))
	}
	var history []store.Classification
	if err == nil {
		history, err = h.st.ClassificationHistory(r.Context(), p, id)
	}
	if err == nil && len(history) == 0 {
		err = kam.Errorf(kam.EINTERNAL, "account %d has no classification after setting its stage", id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, itemResponse[store.Classification]{Data: history[0]})
}

// maxSettingBytes bounds a setting's body: key-account rules may hold up
// to 100 conditions.
const maxSettingBytes = 64 << 10

// settingBody is one setting: its JSON value, or null when it was never set
// and the default applies.
type settingBody struct {
	Key            string          `json:"key"`
	Description    string          `json:"description"`
	DefaultApplies bool            `json:"default_applies"`
	Value          json.RawMessage `json:"value"`
}

// Setting serves GET /api/v1/settings/{key} to anyone signed in: the value
// of a setting (health_weights, classification, key_account or case_sla), or null
// with default_applies true when it was never set.
func (h *Handler) Setting(w http.ResponseWriter, r *http.Request) {
	key, err := settingKey(r)
	var body []byte
	if err == nil {
		body, err = h.st.Setting(r.Context(), key)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, itemResponse[settingBody]{Data: newSettingBody(key, body)})
}

// PutSetting serves PUT /api/v1/settings/{key} for administrators: the body
// is the setting's new JSON value, checked as kam config set checks it. It
// applies from the next recompute or report, and answers the setting.
func (h *Handler) PutSetting(w http.ResponseWriter, r *http.Request) {
	err := adminWrite(httpx.Principal(r.Context()), "change settings")
	var key string
	if err == nil {
		key, err = settingKey(r)
	}
	var body []byte
	if err == nil {
		body, err = readSetting(w, r)
	}
	if err == nil {
		err = portfolio.CheckSetting(key, body)
	}
	var compact bytes.Buffer
	if err == nil {
		if err = json.Compact(&compact, body); err == nil {
			err = h.st.SetSetting(r.Context(), httpx.Principal(r.Context()), key, compact.Bytes())
		}
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, itemResponse[settingBody]{Data: newSettingBody(key, compact.Bytes())})
}

// settingKey reads the setting key of the path; an unknown key is not
// found. A setting takes no query parameters.
func settingKey(r *http.Request) (string, error) {
	if q := newParams(r.URL.Query()); q.err != nil {
		return "", q.err
	}
	key := r.PathValue("key")
	if _, ok := portfolio.Settings[key]; !ok {
		return "", kam.Errorf(kam.ENOTFOUND, "There is no setting %q; the settings are %s, %s, %s and %s.", key,
			portfolio.SettingHealth, portfolio.SettingClassify, portfolio.SettingKeyAccount, portfolio.SettingCaseSLA)
	}
	return key, nil
}

// readSetting reads a setting's JSON body of at most maxSettingBytes.
func readSetting(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return nil, kam.Errorf(kam.EINVALID, "Send the body as application/json, not %q.", ct)
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxSettingBytes))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, kam.Errorf(kam.EINVALID, "The body is larger than %d KB.", maxSettingBytes>>10)
	case err != nil:
		return nil, kam.Errorf(kam.EINVALID, "The body could not be read: %v.", err)
	case len(bytes.TrimSpace(body)) == 0:
		return nil, kam.Errorf(kam.EINVALID, "Send the setting's JSON value as the body.")
	}
	return body, nil
}

func newSettingBody(key string, body []byte) settingBody {
	return settingBody{Key: key, Description: portfolio.Settings[key], DefaultApplies: body == nil, Value: json.RawMessage(body)}
}
