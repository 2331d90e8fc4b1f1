package web

import (
	"context"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/kamhq/kam"
)

// campaignScopeWords says in words which accounts a campaign covers, as
// "Key accounts in Germany owned by Jonas Weber"; "All accounts" for a
// scope that keeps every account its maker saw.
func (a *App) campaignScopeWords(ctx context.Context, p *kam.Principal, sc kam.CampaignScope) (string, error) {
	var b strings.Builder
	if sc.Status != "" {
		b.WriteString(label(sc.Status) + " ")
	}
	if sc.Tier != "" {
		b.WriteString(sc.Tier + " ")
	}
	b.WriteString("accounts")
	if sc.Country != "" {
		b.WriteString(" in " + countryName(sc.Country))
	}
	if sc.Industry != "" {
		b.WriteString(" in the " + sc.Industry + " industry")
	}
	if sc.OrgUnitID != 0 {
		unit := "a removed org unit"
		u, err := a.st.FindOrgUnit(ctx, p, sc.OrgUnitID)
		switch {
		case err == nil:
			unit = u.Name
		case kam.ErrorCode(err) != kam.ENOTFOUND:
			return "", err
		}
		b.WriteString(" of " + unit + " and below")
	}
	if sc.OwnerID != 0 {
		owner := "a former user"
		u, err := a.st.FindUserByID(ctx, sc.OwnerID)
		switch {
		case err == nil:
			owner = u.DisplayName
		case kam.ErrorCode(err) != kam.ENOTFOUND:
			return "", err
		}
		b.WriteString(" owned by " + owner)
	}
	words := b.String()
	if words == "accounts" {
		return "All accounts", nil
	}
	return capitalise(words), nil
}

// countryName names a country by its ISO code ("DE": "Germany"); an
// unknown code is given as it is.
func countryName(code string) string {
	region, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if name := display.English.Regions().Name(region); name != "" {
		return name
	}
	return code
}
