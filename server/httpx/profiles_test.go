package httpx

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/ingest"
)

// fakeProfiles are saved profiles by name, as the store keeps them.
type fakeProfiles map[string]string

func (f fakeProfiles) FindImportProfile(_ context.Context, name string) (string, error) {
	if body, ok := f[name]; ok {
		return body, nil
	}
	return "", kam.Errorf(kam.ENOTFOUND, "No import profile %q.", name)
}

func (f fakeProfiles) FindImportProfiles(context.Context) ([]string, error) {
	return slices.Sorted(maps.Keys(f)), nil
}

// savedProfiles holds one good saved profile and one that cannot be read.
var savedProfiles = fakeProfiles{
	"crm-accounts": `{"name":"crm-accounts","kind":"accounts","source":"crm","currency":"EUR","map":{"accounts":{"Kunde":"name","Land":"country"}}}`,
	"broken":       `{"name":`,
}

func TestFindProfile(t *testing.T) {
	ctx := context.Background()
	p, err := FindProfile(ctx, savedProfiles, "maven-crm")
	if err != nil || p != ingest.Profiles["maven-crm"] {
		t.Errorf("built-in profile: %v, %v", p, err)
	}
	p, err = FindProfile(ctx, savedProfiles, "crm-accounts")
	if err != nil || p.Kind != ingest.KindAccounts || p.Source != "crm" || p.Map[ingest.KindAccounts]["Kunde"] != "name" {
		t.Errorf("saved profile: %+v, %v", p, err)
	}
	_, err = FindProfile(ctx, savedProfiles, "sap")
	if msg := kam.ErrorMessage(err); kam.ErrorField(err) != "profile" ||
		!strings.Contains(msg, "maven-crm, online-retail, salesforce, broken, crm-accounts") {
		t.Errorf("unknown profile: %v", err)
	}
	if _, err = FindProfile(ctx, savedProfiles, "broken"); kam.ErrorField(err) != "profile" || !strings.Contains(kam.ErrorMessage(err), "cannot be read") {
		t.Errorf("broken profile: %v", err)
	}
}

func TestProfileChoices(t *testing.T) {
	choices, err := ProfileChoices(context.Background(), savedProfiles)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range choices {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, " "); got != "maven-crm online-retail salesforce broken crm-accounts" {
		t.Fatalf("choices %q", got)
	}
	if c := choices[4]; !c.Saved || c.Description != "saved: accounts, ids from crm, amounts in EUR, columns Kunde → name, Land → country" {
		t.Errorf("saved choice %+v", c)
	}
	if c := choices[3]; !c.Saved || !strings.HasPrefix(c.Description, "saved profile that cannot be read") {
		t.Errorf("broken choice %+v", c)
	}
}
