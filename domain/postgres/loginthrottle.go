package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

// Names of the sign-in counters in rate_counters. The username-at-address subject is the
// address key, a space, then the username (userAtAddress): an address key holds no space, so
// no two pairs give the same subject.
const (
	loginAddress     = "login_address"
	loginUserAddress = "login_user_address"
	loginUser        = "login_user"
)

// CountLoginAttempt counts the attempt in its three counters, in one transaction, always in
// the same order (address, username at address, username) so two attempts never wait on
// each other in a cycle. Each upsert locks its row until commit: attempts arriving together
// are counted one after the other, and each sees every earlier one.
func (db *DB) CountLoginAttempt(ctx context.Context, username, ip string, window time.Duration) (domain.LoginCounts, error) {
	var c domain.LoginCounts
	addr := domain.AddressKey(ip)
	err := db.tx(ctx, func(tx pgx.Tx) error {
		// Counters of made-up usernames would pile up: clear some whose window is long over.
		if err := sweepCounters(ctx, tx, []string{loginAddress, loginUserAddress, loginUser}, window); err != nil {
			return err
		}
		var err error
		if c.Address, _, err = countIn(ctx, tx, loginAddress, addr, window, 1); err != nil {
			return err
		}
		if c.UserAtAddress, _, err = countIn(ctx, tx, loginUserAddress, userAtAddress(addr, username), window, 1); err != nil {
			return err
		}
		c.User, _, err = countIn(ctx, tx, loginUser, username, window, 1)
		return err
	})
	return c, err
}

// giveBackLoginAttempt undoes a successful sign-in's count, inside its transaction: people
// who sign in every day from one office address never use up the address's limit, and the
// username's count at the address starts afresh.
func giveBackLoginAttempt(ctx context.Context, tx pgx.Tx, username, ip string) error {
	addr := domain.AddressKey(ip)
	if err := uncount(ctx, tx, loginAddress, addr, 1); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "DELETE FROM rate_counters WHERE name = $1 AND subject = $2", loginUserAddress, userAtAddress(addr, username)); err != nil {
		return err
	}
	return uncount(ctx, tx, loginUser, username, 1)
}

func userAtAddress(addr, username string) string { return addr + " " + username }
