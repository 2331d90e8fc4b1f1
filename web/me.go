package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
)

// mePage is the data of the signed-in user's own page.
type mePage struct {
	layout
	Me     *kam.User
	Unit   string
	Tokens []tokenRow
	Notice string
}

// tokenRow is one API token as the page lists it.
type tokenRow struct {
	ID                         int64
	Name, Access               string
	Created, Expires, LastUsed string
	Revoked                    string // when it was revoked, "" while it works
}

// Me serves GET /me: who the user is, their API tokens with their last use
// (each revocable), and the way to sign out on every device.
func (a *App) Me(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := httpx.Principal(ctx)
	u, err := a.st.FindUserByID(ctx, p.UserID)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	tokens, err := a.st.FindTokens(ctx, p, u.Username)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d := &mePage{layout: layout{Title: u.Name()}, Me: u}
	if tree, err := a.loadOrgTree(ctx); err == nil {
		d.Unit = tree.name(u.OrgUnitID)
	}
	when := func(t *time.Time, none string) string {
		if t == nil {
			return none
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	}
	for _, t := range tokens {
		row := tokenRow{ID: t.ID, Name: t.Name, Access: "read and write", Created: when(&t.CreatedAt, ""),
			Expires: when(t.ExpiresAt, "never"), LastUsed: when(t.LastUsedAt, "never"), Revoked: when(t.RevokedAt, "")}
		if t.ReadOnly {
			row.Access = "read only"
		}
		d.Tokens = append(d.Tokens, row)
	}
	switch r.URL.Query().Get("done") {
	case "revoked":
		d.Notice = "The token is revoked: requests with it are refused from now on."
	}
	a.render(w, r, http.StatusOK, "me", d)
}

// RevokeMyToken serves POST /me/tokens/{id}/revoke: the user ends one of
// their API tokens.
func (a *App) RevokeMyToken(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.NotFound(w, r)
		return
	}
	if err := a.st.RevokeToken(r.Context(), httpx.Principal(r.Context()), id); err != nil {
		a.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/me?"+url.Values{"done": {"revoked"}}.Encode(), http.StatusSeeOther)
}

// LogoutEverywhere serves POST /logout/everywhere: every session of the
// user ends, on this browser and all others (a lost laptop, a shared
// computer), and this browser goes to the sign-in page.
func (a *App) LogoutEverywhere(w http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r.Context())
	if err := a.st.DeleteUserSessions(r.Context(), p.UserID); err != nil {
		a.Error(w, r, err)
		return
	}
	a.clearCookie(w, r)
	a.log.InfoContext(r.Context(), "signed out everywhere", "user", p.Username)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
