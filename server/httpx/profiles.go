package httpx

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/ingest"
)

// SavedProfiles are the import profiles saved in the database with
// kam import --save-profile; *store.Store holds them.
type SavedProfiles interface {
	// FindImportProfile returns a saved profile's JSON, or ENOTFOUND.
	FindImportProfile(ctx context.Context, name string) (string, error)
	// FindImportProfiles lists the saved profiles' names.
	FindImportProfiles(ctx context.Context) ([]string, error)
}

// FindProfile returns the import profile called name the way kam import
// finds it: a built-in profile first, then one saved in the database. An
// unknown name is an error on the field profile that lists the profiles
// there are.
func FindProfile(ctx context.Context, saved SavedProfiles, name string) (*ingest.Profile, error) {
	if p, err := ingest.ProfileByName(name); err == nil {
		return p, nil
	}
	body, err := saved.FindImportProfile(ctx, name)
	if kam.ErrorCode(err) == kam.ENOTFOUND {
		names := slices.Sorted(maps.Keys(ingest.Profiles))
		more, err := saved.FindImportProfiles(ctx)
		if err != nil {
			return nil, err
		}
		return nil, kam.FieldError("profile", "There is no profile %q; the profiles are %s.", name, strings.Join(append(names, more...), ", "))
	} else if err != nil {
		return nil, fmt.Errorf("find import profile %q: %w", name, err)
	}
	p, err := ingest.ParseProfile(body)
	if err != nil {
		return nil, kam.FieldError("profile", "The saved profile %q cannot be read (%v); save it again with kam import --save-profile.", name, err)
	}
	return p, nil
}

// ProfileChoice is one profile an import can be read with, as a form
// offers it.
type ProfileChoice struct {
	Name        string
	Description string // lower case, as the built-in profiles have it
	Saved       bool   // saved with kam import --save-profile
}

// ProfileChoices lists the built-in profiles, then the saved ones, each
// sorted by name. A saved profile that cannot be read is listed with the
// reason, and refused when it is chosen.
func ProfileChoices(ctx context.Context, saved SavedProfiles) ([]ProfileChoice, error) {
	var out []ProfileChoice
	for _, name := range slices.Sorted(maps.Keys(ingest.Profiles)) {
		out = append(out, ProfileChoice{Name: name, Description: ingest.Profiles[name].Description})
	}
	names, err := saved.FindImportProfiles(ctx)
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, builtin := ingest.Profiles[name]; builtin {
			continue // a built-in profile wins, as in kam import
		}
		body, err := saved.FindImportProfile(ctx, name)
		if kam.ErrorCode(err) == kam.ENOTFOUND {
			continue // deleted meanwhile
		} else if err != nil {
			return nil, fmt.Errorf("find import profile %q: %w", name, err)
		}
		c := ProfileChoice{Name: name, Saved: true}
		if p, err := ingest.ParseProfile(body); err != nil {
			c.Description = "saved profile that cannot be read: " + err.Error()
		} else {
			c.Description = savedDescription(p)
		}
		out = append(out, c)
	}
	return out, nil
}

// savedDescription says what a saved profile holds: "saved: accounts, ids
// from crm, amounts in EUR, columns Kunde → name".
func savedDescription(p *ingest.Profile) string {
	parts := []string{"saved"}
	if p.Kind != "" {
		parts[0] += ": " + string(p.Kind)
	}
	if p.Source != "" {
		parts = append(parts, "ids from "+p.Source)
	}
	if p.Currency != "" {
		parts = append(parts, "amounts in "+p.Currency)
	}
	var cols []string
	for _, m := range p.Map {
		for col, field := range m {
			cols = append(cols, col+" → "+field)
		}
	}
	slices.Sort(cols)
	if len(cols) > 0 {
		parts = append(parts, "columns "+strings.Join(cols, ", "))
	}
	return strings.Join(parts, ", ")
}
