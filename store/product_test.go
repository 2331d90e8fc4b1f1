package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestProductsAreReadByAllChangedByAdministratorsWithVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am1, admin := principal(t, s, o.am1), principal(t, s, o.admin)

		pump := &kam.Product{SKU: "PT-400", Name: "Pump 400", Family: "Pumps", ListPrice: kam.MustMoney("250"), Currency: "EUR", Active: true}
		wantCode(t, s.CreateProduct(ctx, am1, pump), kam.EFORBIDDEN)
		if err := s.CreateProduct(ctx, admin, pump); err != nil {
			t.Fatal(err)
		}
		if pump.Version != 1 || pump.ID == 0 {
			t.Errorf("created %+v", pump)
		}
		wantCode(t, s.CreateProduct(ctx, admin, &kam.Product{SKU: "PT-400", Name: "Twin", Currency: "EUR"}), kam.ECONFLICT)
		wantCode(t, s.CreateProduct(ctx, admin, &kam.Product{SKU: "PT 1", Name: "Space", Currency: "EUR"}), kam.EINVALID)
		wantCode(t, s.CreateProduct(ctx, admin, &kam.Product{SKU: "PT-2", Name: "Cheap", Currency: "EUR", ListPrice: -1}), kam.EINVALID)
		valve := &kam.Product{SKU: "VL-10", Name: "Valve 10", Family: "Valves", ListPrice: kam.MustMoney("12.5"), Currency: "EUR", Active: true}
		if err := s.CreateProduct(ctx, admin, valve); err != nil {
			t.Fatal(err)
		}

		// Everyone signed in reads the catalogue.
		got, err := s.FindProduct(ctx, am1, pump.ID)
		if err != nil || got.SKU != "PT-400" {
			t.Errorf("find: %+v, %v", got, err)
		}
		page, err := s.FindProductList(ctx, am1, store.ProductFilter{Query: "pump"})
		if err != nil || len(page.Products) != 1 || page.Products[0].ID != pump.ID {
			t.Errorf("q=pump: %+v, %v", page, err)
		}
		page, err = s.FindProductList(ctx, am1, store.ProductFilter{Sort: "name", Limit: 1})
		if err != nil || len(page.Products) != 1 || page.Products[0].ID != pump.ID || page.Next == "" {
			t.Fatalf("first page by name: %+v, %v", page, err)
		}
		next, err := s.FindProductList(ctx, am1, store.ProductFilter{Sort: "name", Limit: 1, After: page.Next})
		if err != nil || len(next.Products) != 1 || next.Products[0].ID != valve.ID || next.Next != "" {
			t.Errorf("second page: %+v, %v", next, err)
		}
		_, err = s.FindProductList(ctx, am1, store.ProductFilter{Limit: 1, After: page.Next})
		wantCode(t, err, kam.EINVALID) // a cursor of another sort

		// A stale version is refused; deactivation is how a product leaves.
		_, err = s.UpdateProduct(ctx, am1, pump.ID, kam.ProductUpdate{Version: 1, Name: ptr("X")})
		wantCode(t, err, kam.EFORBIDDEN)
		out, err := s.UpdateProduct(ctx, admin, pump.ID, kam.ProductUpdate{Version: 1, Active: ptr(false), ListPrice: ptr(kam.MustMoney("260"))})
		if err != nil || out.Version != 2 || out.Active || out.ListPrice != kam.MustMoney("260") {
			t.Fatalf("update: %+v, %v", out, err)
		}
		_, err = s.UpdateProduct(ctx, admin, pump.ID, kam.ProductUpdate{Version: 1, Name: ptr("Old")})
		wantCode(t, err, kam.ESTALE)
		_, err = s.UpdateProduct(ctx, admin, pump.ID, kam.ProductUpdate{Version: 2, Currency: ptr("euro")})
		wantCode(t, err, kam.EINVALID)
		active := true
		page, err = s.FindProductList(ctx, am1, store.ProductFilter{Active: &active})
		if err != nil || len(page.Products) != 1 || page.Products[0].ID != valve.ID {
			t.Errorf("active only: %+v, %v", page, err)
		}
	})
}

func TestProductBulkIsAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		admin := principal(t, s, o.admin)
		pump := &kam.Product{SKU: "PT-400", Name: "Pump 400", ListPrice: kam.MustMoney("250"), Currency: "EUR", Active: true}
		if err := s.CreateProduct(ctx, admin, pump); err != nil {
			t.Fatal(err)
		}
		run := func(items []kam.ProductUpdate, skus []string) (int, error) {
			answer, err := s.ImportOnce(ctx, admin, store.Once{Route: "products/bulk"}, func(bw store.BatchWriter) (int, []byte, error) {
				failed := 0
				for i, upd := range items {
					if err := bw.Item(func() error { _, _, err := store.UpsertProduct(bw, skus[i], upd); return err }); err != nil {
						failed++
					}
				}
				if failed > 0 {
					return 400, []byte(`{}`), nil
				}
				b, _ := json.Marshal(len(items))
				return 200, b, nil
			})
			if err != nil {
				return 0, err
			}
			return answer.Status, nil
		}
		// One bad item (no currency for a new SKU): nothing is written.
		status, err := run([]kam.ProductUpdate{{Name: ptr("Pump 400 Mk2")}, {Name: ptr("Valve")}}, []string{"PT-400", "VL-10"})
		if err != nil || status != 400 {
			t.Fatalf("refused batch: %d, %v", status, err)
		}
		if got, _ := s.FindProduct(ctx, admin, pump.ID); got.Name != "Pump 400" || got.Version != 1 {
			t.Errorf("a refused batch changed the pump: %+v", got)
		}
		status, err = run([]kam.ProductUpdate{{Name: ptr("Pump 400 Mk2")}, {Name: ptr("Valve"), Currency: ptr("EUR")},
			{ListPrice: ptr(kam.MustMoney("250"))}}, []string{"PT-400", "VL-10", "PT-400"})
		if err != nil || status != 200 {
			t.Fatalf("batch: %d, %v", status, err)
		}
		got, _ := s.FindProduct(ctx, admin, pump.ID)
		if got.Name != "Pump 400 Mk2" || got.Version != 2 {
			t.Errorf("the pump after the batch: %+v (the unchanged price keeps the version)", got)
		}
		page, _ := s.FindProductList(ctx, admin, store.ProductFilter{Query: "VL-10"})
		if len(page.Products) != 1 || !page.Products[0].Active || page.Products[0].Version != 1 {
			t.Errorf("the new valve: %+v", page.Products)
		}
	})
}
