package postgres_test

import (
	"context"
	"testing"

	"pathways/domain"
	"pathways/domain/postgres/pgtest"
)

// The SQL age band (stat_age_band, migration 00230, used by every statistics summary) and
// the domain's table (domain.AgeBands) must give every age the same band: a figure broken
// down by age band in SQL is labelled with the domain's codes.
func TestSQLAgeBandFollowsTheDomain(t *testing.T) {
	db, _ := pgtest.New(t)
	for age := 0; age <= 110; age++ {
		var got string
		if err := db.Pool().QueryRow(context.Background(), "SELECT stat_age_band($1, $2)", 2000-age, 2000).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := domain.AgeBand(2000-age, 2000); got != want {
			t.Errorf("age %d: SQL band %s, domain band %s", age, got, want)
		}
	}
}
