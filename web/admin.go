package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/password"
	"github.com/kamhq/kam/server/httpx"
)

// Administration of users and the org tree. Only administrators see these
// pages: for anyone else every admin address, GET or POST, is the page for
// an address that does not exist, so that the pages do not reveal
// themselves. Every change is a POST that redirects back with its outcome
// (?done=created&user=12); the notice names the record as stored, never text
// from the query string. A refused change shows the form again with the
// reason and everything typed, except a password, which never goes back
// into a page.

// maxDisplayName is the longest display name, as the store allows it.
const maxDisplayName = 200

// administrator returns the principal of an administrator's request; anyone
// else gets the not-found page and nil.
func (a *App) administrator(w http.ResponseWriter, r *http.Request) *kam.Principal {
	p := httpx.Principal(r.Context())
	if !p.IsAdmin() || p.ReadOnly {
		a.NotFound(w, r)
		return nil
	}
	return p
}

// adminPost is administrator for a form post, whose form it reads.
func (a *App) adminPost(w http.ResponseWriter, r *http.Request) *kam.Principal {
	p := a.administrator(w, r)
	if p == nil {
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		a.Error(w, r, kam.Errorf(kam.EINVALID, "The form could not be read; reload the page and try again."))
		return nil
	}
	return p
}

// treeAndUsers reads the org tree and every user, as the users pages show
// them.
func (a *App) treeAndUsers(ctx context.Context, p *kam.Principal) (*orgTree, []*kam.User, error) {
	tree, err := a.loadOrgTree(ctx)
	if err != nil {
		return nil, nil, err
	}
	users, err := a.st.FindUsers(ctx, p)
	return tree, users, err
}

// roleOptions are the roles for a select, by their names for people.
func roleOptions(selected kam.Role) []option {
	out := make([]option, len(kam.Roles))
	for i, r := range kam.Roles {
		out[i] = option{Value: string(r), Label: r.Label(), Selected: r == selected}
	}
	return out
}

// optionalID reads an optional id of a select: 0 for none, false when it is not
// an id at all.
func optionalID(v string) (int64, bool) {
	if v == "" {
		return 0, true
	}
	id, err := strconv.ParseInt(v, 10, 64)
	return id, err == nil && id > 0
}

// The users page.

// adminUsersPage is the data of the users page, and of one user's page.
type adminUsersPage struct {
	layout
	Notice *notice
	Error  string // a filter the page cannot apply
	// The filters.
	Roles, Statuses, Units []option
	Filtered               bool
	Users                  []userRow
	Total                  int // users in all
	Add                    *userForm
	// Edit is one user's form; the page then shows only it.
	Edit *userEdit
}

// userRow is one user of the list.
type userRow struct {
	ID                                            int64
	URL, Username, Name, Email, Role, Unit, Since string
	Active, You                                   bool
}

// userValues are a user form's values as typed.
type userValues struct {
	Username, DisplayName, Email, Role, OrgUnitID, ManagerID string
	Active                                                   bool
}

// userForm is the form that adds a user, and the base of the one that
// changes one.
type userForm struct {
	Values       userValues
	Error, Field string // why the last save failed, and the field at fault
	Roles, Units []option
	MinPassword  int
}

// Invalid reports whether the last save failed on the named field.
func (f *userForm) Invalid(field string) bool { return f.Field == field }

// userEdit is the form that changes a user.
type userEdit struct {
	userForm
	User      *kam.User // as stored
	Unit      string    // the stored org unit's name
	UpdatedAt string    // the updated_at the form started from
	Managers  []option
	Self      bool // the user is the administrator at the form
	// Conflict lists, after someone else's save, each field whose stored
	// value differs from the one typed.
	Conflict []factConflict
}

// activeFilters are the status filter's choices.
var activeFilters = []option{{Value: "yes", Label: "Active"}, {Value: "no", Label: "Deactivated"}}

// AdminUsers serves GET /admin/users: every user with their role, org unit
// and status, filtered by role, status (?active=yes|no) and org unit
// (?unit=ID); and the form that adds a user.
func (a *App) AdminUsers(w http.ResponseWriter, r *http.Request) {
	if p := a.administrator(w, r); p != nil {
		a.renderUsers(w, r, p, http.StatusOK, nil)
	}
}

// renderUsers renders the users page with the add form as filled in (nil
// for an empty one).
func (a *App) renderUsers(w http.ResponseWriter, r *http.Request, p *kam.Principal, status int, add *userForm) {
	tree, users, err := a.treeAndUsers(r.Context(), p)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	q := r.URL.Query()
	role, active, unit := kam.Role(q.Get("role")), q.Get("active"), q.Get("unit")
	d := &adminUsersPage{layout: layout{Title: "Users", Nav: "admin", Tab: "users"}, Add: add, Total: len(users),
		Roles: roleOptions(role), Filtered: role != "" || active != "" || unit != ""}
	for _, o := range activeFilters {
		o.Selected = o.Value == active
		d.Statuses = append(d.Statuses, o)
	}
	unitID, ok := optionalID(unit)
	d.Units = tree.options(unitID)
	switch {
	case role != "" && !role.Valid():
		d.Error = fmt.Sprintf("There is no role %q.", role)
	case active != "" && active != "yes" && active != "no":
		d.Error = "Status must be active or deactivated."
	case !ok || (unitID != 0 && tree.byID[unitID] == nil):
		d.Error = fmt.Sprintf("There is no org unit %q.", unit)
	}
	if d.Error != "" && status == http.StatusOK {
		status = http.StatusBadRequest
	}
	if d.Add == nil {
		d.Add = &userForm{Values: userValues{Role: string(kam.RoleAM)}}
	}
	d.Add.fill(tree)
	for _, u := range users {
		if d.Error != "" || role != "" && u.Role != role || active == "yes" && !u.Active || active == "no" && u.Active ||
			unitID != 0 && u.OrgUnitID != unitID {
			continue
		}
		d.Users = append(d.Users, userRow{ID: u.ID, URL: userURL(u.ID), Username: u.Username, Name: u.DisplayName,
			Email: u.Email, Role: u.Role.Label(), Unit: tree.name(u.OrgUnitID), Since: u.CreatedAt.UTC().Format("2006-01-02"),
			Active: u.Active, You: u.ID == p.UserID})
	}
	d.Notice = a.userNotice(r.Context(), q)
	a.render(w, r, status, "admin_users", d)
}

// fill sets the form's choices from its values.
func (f *userForm) fill(tree *orgTree) {
	unit, _ := optionalID(f.Values.OrgUnitID)
	f.Roles, f.Units, f.MinPassword = roleOptions(kam.Role(f.Values.Role)), tree.options(unit), password.MinLength
}

// userURL is the address of a user's page.
func userURL(id int64) string { return "/admin/users/" + strconv.FormatInt(id, 10) }

// userNotice is the outcome of the change the query string names.
func (a *App) userNotice(ctx context.Context, q url.Values) *notice {
	id, err := strconv.ParseInt(q.Get("user"), 10, 64)
	if err != nil {
		return nil
	}
	u, err := a.st.FindUserByID(ctx, id)
	if err != nil {
		return nil
	}
	switch q.Get("done") {
	case "created":
		return &notice{Text: fmt.Sprintf("Added %s (%s). They can sign in now.", u.Name(), u.Username), LinkText: "Open", LinkURL: userURL(id)}
	case "updated":
		return &notice{Text: fmt.Sprintf("Saved %s.", u.Name()), LinkText: "Open", LinkURL: userURL(id)}
	}
	return nil
}

// typedUser reads a user form as typed, and the ids of its selects.
func typedUser(f url.Values) (v userValues, unit, manager int64, err error) {
	v = userValues{Username: strings.TrimSpace(f.Get("username")), DisplayName: strings.TrimSpace(f.Get("display_name")),
		Email: strings.TrimSpace(f.Get("email")), Role: f.Get("role"), OrgUnitID: f.Get("org_unit_id"),
		ManagerID: f.Get("manager_id"), Active: f.Get("active") != ""}
	unit, ok := optionalID(v.OrgUnitID)
	if !ok {
		return v, 0, 0, kam.FieldError("org_unit_id", "Choose an org unit from the list.")
	}
	manager, ok = optionalID(v.ManagerID)
	if !ok {
		return v, 0, 0, kam.FieldError("manager_id", "Choose a manager from the list.")
	}
	if utf8.RuneCountInString(v.DisplayName) > maxDisplayName {
		return v, 0, 0, kam.FieldError("display_name", "A name is at most %d characters.", maxDisplayName)
	}
	return v, unit, manager, kam.CheckEmail(v.Email)
}

// CreateUser serves POST /admin/users: it adds a user with an initial
// password and goes back to the list (?done=created&user=ID). A refused user
// shows the page again with the reason and the typed values, except the
// password: 400, or 409 for a username that is taken.
func (a *App) CreateUser(w http.ResponseWriter, r *http.Request) {
	p := a.adminPost(w, r)
	if p == nil {
		return
	}
	v, unit, _, err := typedUser(r.PostForm)
	u := &kam.User{Username: v.Username, DisplayName: v.DisplayName, Email: v.Email, Role: kam.Role(v.Role), OrgUnitID: unit}
	if err == nil {
		err = a.st.CreateUser(r.Context(), p, u, r.PostForm.Get("password"))
	}
	switch code := kam.ErrorCode(err); code {
	case "":
		http.Redirect(w, r, "/admin/users?"+url.Values{"done": {"created"}, "user": {strconv.FormatInt(u.ID, 10)}}.Encode(), http.StatusSeeOther)
	case kam.EINVALID, kam.ECONFLICT:
		field := kam.ErrorField(err)
		if code == kam.ECONFLICT {
			field = "username"
		}
		// The list shows as it was, unfiltered: the form's query string
		// is the page's own.
		r.URL.RawQuery = ""
		a.renderUsers(w, r, p, httpx.Status(code), &userForm{Values: v, Error: kam.ErrorMessage(err), Field: field})
	default:
		a.Error(w, r, err)
	}
}

// AdminUser serves GET /admin/users/{id}: the form that changes a user.
func (a *App) AdminUser(w http.ResponseWriter, r *http.Request) {
	p := a.administrator(w, r)
	if p == nil {
		return
	}
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.NotFound(w, r)
		return
	}
	u, err := a.st.FindUserByID(r.Context(), id)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	a.renderUser(w, r, p, http.StatusOK, u, valuesOf(u), u.UpdatedAt.UTC().Format(time.RFC3339Nano), nil)
}

// valuesOf are a stored user's values, as the form shows them.
func valuesOf(u *kam.User) userValues {
	return userValues{Username: u.Username, DisplayName: u.DisplayName, Email: u.Email, Role: string(u.Role),
		OrgUnitID: idValue(u.OrgUnitID), ManagerID: idValue(u.ManagerID), Active: u.Active}
}

// idValue is an id as a select's value, "" for none.
func idValue(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// renderUser renders a user's page with the form holding values, started
// from the stored updatedAt, and the reason the last save failed, if any.
func (a *App) renderUser(w http.ResponseWriter, r *http.Request, p *kam.Principal, status int, u *kam.User, v userValues, updatedAt string, err error) {
	tree, users, terr := a.treeAndUsers(r.Context(), p)
	if terr != nil {
		a.Error(w, r, terr)
		return
	}
	e := &userEdit{userForm: userForm{Values: v, Error: kam.ErrorMessage(err), Field: kam.ErrorField(err)},
		User: u, Unit: tree.name(u.OrgUnitID), UpdatedAt: updatedAt, Self: u.ID == p.UserID}
	e.fill(tree)
	manager, _ := optionalID(v.ManagerID)
	names := map[string]string{"": "—"}
	for _, m := range users {
		names[idValue(m.ID)] = m.Name()
		if m.ID != u.ID && (m.Active || m.ID == manager) {
			e.Managers = append(e.Managers, option{Value: idValue(m.ID), Label: m.Name() + " (" + m.Username + ")", Selected: m.ID == manager})
		}
	}
	slices.SortStableFunc(e.Managers, func(x, y option) int { return strings.Compare(strings.ToLower(x.Label), strings.ToLower(y.Label)) })
	if kam.ErrorCode(err) == kam.ECONFLICT {
		e.Error = "Someone else changed this user while you were editing. Nothing of yours was saved over their change: " +
			"compare the values below, then save again to keep yours."
		e.Conflict = userConflicts(valuesOf(u), v, tree, names)
	}
	d := &adminUsersPage{layout: layout{Title: u.Name(), Nav: "admin", Tab: "users"}, Edit: e}
	a.render(w, r, status, "admin_users", d)
}

// userConflicts lists the fields whose stored value differs from the typed one.
func userConflicts(stored, typed userValues, tree *orgTree, names map[string]string) []factConflict {
	unit := func(v string) string {
		id, _ := optionalID(v)
		return tree.name(id)
	}
	active := func(b bool) string {
		if b {
			return "Active"
		}
		return "Deactivated"
	}
	var out []factConflict
	for _, f := range []struct{ name, theirs, yours string }{
		{"Name", stored.DisplayName, typed.DisplayName}, {"Email", stored.Email, typed.Email},
		{"Role", kam.Role(stored.Role).Label(), kam.Role(typed.Role).Label()},
		{"Org unit", unit(stored.OrgUnitID), unit(typed.OrgUnitID)},
		{"Manager", names[stored.ManagerID], names[typed.ManagerID]},
		{"Status", active(stored.Active), active(typed.Active)},
	} {
		if f.theirs != f.yours {
			out = append(out, factConflict{Field: f.name, Theirs: f.theirs, Yours: f.yours})
		}
	}
	return out
}

// UpdateUser serves POST /admin/users/{id}: it saves a user's name, email,
// role, org unit, manager and status, and goes back to the list
// (?done=updated&user=ID). A refused change shows the form again with the
// reason and the typed values: 400 for a bad value, 409 when someone else
// changed the user since the form was opened.
func (a *App) UpdateUser(w http.ResponseWriter, r *http.Request) {
	p := a.adminPost(w, r)
	if p == nil {
		return
	}
	id, ok := httpx.PathID(r, "id")
	if !ok {
		a.NotFound(w, r)
		return
	}
	f := r.PostForm
	v, unit, manager, err := typedUser(f)
	if err == nil {
		at, perr := time.Parse(time.RFC3339Nano, f.Get("updated_at"))
		role := kam.Role(v.Role)
		upd := kam.UserUpdate{UpdatedAt: at, DisplayName: &v.DisplayName, Email: &v.Email, Role: &role,
			OrgUnitID: &unit, ManagerID: &manager, Active: &v.Active}
		if perr != nil {
			err = kam.FieldError("updated_at", "The form is incomplete; reload the page and edit again.")
		} else {
			_, err = a.st.UpdateUser(r.Context(), p, id, upd)
		}
	}
	code := kam.ErrorCode(err)
	switch code {
	case "":
		http.Redirect(w, r, "/admin/users?"+url.Values{"done": {"updated"}, "user": {strconv.FormatInt(id, 10)}}.Encode(), http.StatusSeeOther)
		return
	case kam.EINVALID, kam.ECONFLICT:
	default:
		a.Error(w, r, err)
		return
	}
	u, uerr := a.st.FindUserByID(r.Context(), id)
	if uerr != nil {
		a.Error(w, r, uerr)
		return
	}
	v.Username = u.Username
	updatedAt := f.Get("updated_at") // keep the one the user started from
	if code == kam.ECONFLICT {
		updatedAt = u.UpdatedAt.UTC().Format(time.RFC3339Nano) // saving again keeps the typed values
	}
	a.renderUser(w, r, p, httpx.Status(code), u, v, updatedAt, err)
}

// The org page.

// orgKinds are the levels of the org tree, from the top.
var orgKinds = []kam.OrgUnitKind{kam.OrgGlobal, kam.OrgRegion, kam.OrgCountry, kam.OrgTerritory}

// adminOrgPage is the data of the org page.
type adminOrgPage struct {
	layout
	Notice *notice
	Tree   []*orgNode
	Units  int
	Form   orgForm
}

// orgNode is one unit of the tree with what sits in it.
type orgNode struct {
	ID              int64
	Name, Kind      string
	Users, Accounts int
	UsersURL        string
	Children        []*orgNode
}

// orgForm is the form that adds a unit, as typed.
type orgForm struct {
	Name, Kind, ParentID string
	Error, Field         string
	Kinds, Parents       []option
}

// Invalid reports whether the last save failed on the named field.
func (f *orgForm) Invalid(field string) bool { return f.Field == field }

// AdminOrg serves GET /admin/org: the org tree with each unit's active users
// and accounts, and the form that adds a unit.
func (a *App) AdminOrg(w http.ResponseWriter, r *http.Request) {
	if p := a.administrator(w, r); p != nil {
		a.renderOrg(w, r, p, http.StatusOK, orgForm{})
	}
}

func (a *App) renderOrg(w http.ResponseWriter, r *http.Request, p *kam.Principal, status int, f orgForm) {
	ctx := r.Context()
	tree, err := a.loadOrgTree(ctx)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	counts, err := a.st.CountOrgUnits(ctx, p)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	d := &adminOrgPage{layout: layout{Title: "Org tree", Nav: "admin", Tab: "org"}, Units: len(tree.units), Form: f}
	parent, _ := optionalID(f.ParentID)
	d.Form.Kinds, d.Form.Parents = options(orgKinds, kam.OrgUnitKind(f.Kind)), tree.options(parent)
	nodes := map[int64]*orgNode{}
	for _, u := range tree.units { // parents come before their children
		c := counts[u.ID]
		n := &orgNode{ID: u.ID, Name: u.Name, Kind: string(u.Kind), Users: c.Users, Accounts: c.Accounts,
			UsersURL: "/admin/users?unit=" + strconv.FormatInt(u.ID, 10)}
		nodes[u.ID] = n
		if up := nodes[u.ParentID]; up != nil && tree.depth[u.ID] > 0 {
			up.Children = append(up.Children, n)
		} else {
			d.Tree = append(d.Tree, n)
		}
	}
	q := r.URL.Query()
	if id, err := strconv.ParseInt(q.Get("unit"), 10, 64); err == nil && q.Get("done") == "created" && tree.byID[id] != nil {
		d.Notice = &notice{Text: fmt.Sprintf("Added %s.", tree.byID[id].Name)}
	}
	a.render(w, r, status, "admin_org", d)
}

// CreateOrgUnit serves POST /admin/org: it adds a unit to the tree and goes
// back to the tree (?done=created&unit=ID), or shows it again with the
// reason and the typed values (400).
func (a *App) CreateOrgUnit(w http.ResponseWriter, r *http.Request) {
	p := a.adminPost(w, r)
	if p == nil {
		return
	}
	f := orgForm{Name: strings.TrimSpace(r.PostForm.Get("name")), Kind: r.PostForm.Get("kind"), ParentID: r.PostForm.Get("parent_id")}
	u := &kam.OrgUnit{Name: f.Name, Kind: kam.OrgUnitKind(f.Kind)}
	var err error
	parent, ok := optionalID(f.ParentID)
	switch {
	case !ok:
		err = kam.FieldError("parent_id", "Choose the unit above from the list.")
	case utf8.RuneCountInString(f.Name) > maxDisplayName:
		err = kam.FieldError("name", "A name is at most %d characters.", maxDisplayName)
	default:
		u.ParentID = parent
		err = a.st.CreateOrgUnit(r.Context(), p, u)
	}
	switch kam.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/admin/org?"+url.Values{"done": {"created"}, "unit": {strconv.FormatInt(u.ID, 10)}}.Encode(), http.StatusSeeOther)
	case kam.EINVALID:
		f.Error, f.Field = kam.ErrorMessage(err), kam.ErrorField(err)
		r.URL.RawQuery = ""
		a.renderOrg(w, r, p, http.StatusBadRequest, f)
	default:
		a.Error(w, r, err)
	}
}
