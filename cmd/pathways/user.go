package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"pathways/api"
	"pathways/domain"
	"pathways/domain/postgres"
)

func userCmd(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("usage: pathways user add -username NAME -role ROLE -scope global|country:XX|facility:ID [-display-name TEXT] [-password-stdin]")
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	username := fs.String("username", "", "login name (lower-case)")
	display := fs.String("display-name", "", "name shown in the app")
	role := fs.String("role", "", "practitioner, supervisor, national_authority, admin or auditor")
	scope := fs.String("scope", "", "global, country:XX or facility:<id>")
	fromStdin := fs.Bool("password-stdin", false, "read the password from standard input instead of the terminal")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	var problems []string
	if !domain.ValidUsername(*username) {
		problems = append(problems, "-username: lower-case letters, digits, '.', '-' and '_', 2 to 63 characters")
	}
	if !domain.Role(*role).Valid() {
		problems = append(problems, "-role: one of practitioner, supervisor, national_authority, admin, auditor")
	}
	sc, err := parseScope(*scope)
	if err != nil {
		problems = append(problems, "-scope: "+err.Error())
	}
	if len(problems) > 0 {
		return errors.New("user add:\n  - " + strings.Join(problems, "\n  - "))
	}
	password, err := readPassword(*fromStdin)
	if err != nil {
		return err
	}
	if len([]rune(password)) < domain.MinPasswordLength {
		return fmt.Errorf("the password must be at least %d characters", domain.MinPasswordLength)
	}
	cfg, err := loadConfig(true)
	if err != nil {
		return err
	}
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	hash, err := api.HashPassword(password)
	if err != nil {
		return err
	}
	sys := domain.System("cli")
	// One transaction: a refused membership (say, an unknown facility) leaves no user behind.
	u, _, err := db.CreateUserWithMembership(ctx, sys, domain.NewUser{Username: *username, DisplayName: *display, PasswordHash: hash},
		domain.Membership{Role: domain.Role(*role), Scope: sc})
	if err != nil {
		return describe(err)
	}
	fmt.Printf("created user %s (%s) as %s in %s\n", u.Username, u.ID, *role, sc)
	return sealBeforeExit(ctx, db)
}

func parseScope(s string) (domain.Scope, error) {
	kind, arg, _ := strings.Cut(s, ":")
	switch {
	case kind == "global" && arg == "":
		return domain.Scope{Kind: domain.ScopeGlobal}, nil
	case kind == "country" && domain.ValidCountryCode(arg):
		return domain.Scope{Kind: domain.ScopeCountry, Country: arg}, nil
	case kind == "facility" && arg != "":
		return domain.Scope{Kind: domain.ScopeFacility, FacilityID: arg}, nil
	}
	return domain.Scope{}, errors.New("global, country:XX (ISO code, upper case) or facility:<id>")
}

func readPassword(fromStdin bool) (string, error) {
	if fromStdin || !term.IsTerminal(int(os.Stdin.Fd())) {
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", errors.New("no password on standard input")
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	fmt.Fprint(os.Stderr, "Password: ")
	a, err := term.ReadPassword(int(os.Stdin.Fd()))
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", err
	}
	fmt.Fprint(os.Stderr, "Again: ")
	b, err := term.ReadPassword(int(os.Stdin.Fd()))
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", err
	}
	if string(a) != string(b) {
		return "", errors.New("the two passwords differ")
	}
	return string(a), nil
}

// describe turns a domain error into a line for a person at a terminal.
func describe(err error) error {
	var de *domain.Error
	if !errors.As(err, &de) {
		return err
	}
	msg := de.Message
	for _, f := range de.Fields {
		msg += fmt.Sprintf("; %s: %s", f.Field, f.Detail)
	}
	return errors.New(msg)
}
