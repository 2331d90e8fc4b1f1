package main

import (
	"fmt"

	"github.com/kamhq/kam/api"
)

// openapiCmd prints the API's OpenAPI 3.1 document, the one the server
// serves at /api/v1/openapi.json; it needs no database.
func (c *cli) openapiCmd(args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("kam openapi takes no arguments; it prints the API's OpenAPI document")
	}
	_, err := c.stdout.Write(api.OpenAPI())
	return err
}
