package api

import "github.com/kamhq/kam"

// webhookEventNames are the events a webhook subscribes to.
var webhookEventNames = kam.WebhookEvents

// moreOperations are the operations on webhook subscriptions.
func moreOperations() []*operation {
	webhook := func(status int, description string) response {
		return response{Status: status, Description: description, Media: []medium{jsonOf[itemResponse[*kam.Webhook]]()},
			Headers: map[string]string{"ETag": "The webhook's version."}}
	}
	return []*operation{
		{Method: "GET", Path: "/api/v1/webhooks", ID: "listWebhooks", Tag: tagWebhooks, Summary: "List webhooks",
			Description: "Every webhook subscription, oldest first, without its secret (administrators).",
			Errors:      []int{403}, Responses: []response{ok[listResponse[*kam.Webhook]]("The webhooks.")}},
		{Method: "POST", Path: "/api/v1/webhooks", ID: "createWebhook", Tag: tagWebhooks, Summary: "Subscribe a webhook",
			Description: "Subscribes an http(s) URL to events (" + sentence(webhookEventNames) + "). The answer holds the signing " +
				"secret, which no other answer shows: each delivery is signed with it in Kam-Signature (t=UNIX,v1=HMAC-SHA256 of " +
				"\"t.body\"). Deliveries that fail are retried with backoff; after 20 in a row fail for good the webhook is disabled.",
			Example: `{"url": "https://chat.example.com/hooks/kam", "events": ["flag.raised", "opportunity.stage_changed"]}`,
			Body:    jsonBody[webhookCreateRequest]("url", "events"), Errors: []int{403},
			Responses: []response{{Status: 201, Description: "The webhook, with its secret.", Media: []medium{jsonOf[itemResponse[*kam.Webhook]]()},
				Headers: map[string]string{"Location": "The webhook's address.", "ETag": "The webhook's version."}}}},
		{Method: "GET", Path: "/api/v1/webhooks/{id}", ID: "getWebhook", Tag: tagWebhooks, Summary: "Get a webhook",
			Description: "A webhook subscription, without its secret, with its failures and why it was disabled, if it was.",
			PathParams:  idOf("webhook"), Errors: []int{403}, Responses: []response{webhook(200, "The webhook.")}},
		{Method: "PATCH", Path: "/api/v1/webhooks/{id}", ID: "updateWebhook", Tag: tagWebhooks, Summary: "Change a webhook",
			Description: "Changes the URL, the events or active, from the version given in the body or If-Match (428 without one); a " +
				"webhook changed since is 412. \"active\": true re-enables a disabled webhook and clears its failures.",
			PathParams: idOf("webhook"), Example: `{"version": 2, "active": true}`,
			Params: []*param{header("If-Match", "The webhook's version (its ETag), instead of version in the body.")},
			Body:   jsonBody[webhookPatchRequest](), Errors: []int{403, 412, 428}, Responses: []response{webhook(200, "The webhook, changed.")}},
		{Method: "DELETE", Path: "/api/v1/webhooks/{id}", ID: "deleteWebhook", Tag: tagWebhooks, Summary: "Delete a webhook",
			Description: "The webhook goes, with its delivery log.",
			PathParams:  idOf("webhook"), Errors: []int{403}, Responses: []response{noContent("The webhook is deleted.")}},
		{Method: "GET", Path: "/api/v1/webhooks/{id}/deliveries", ID: "listWebhookDeliveries", Tag: tagWebhooks, Summary: "List a webhook's deliveries",
			Description: "The delivery log, newest first: each event's attempts, the last status code or error, and when it is tried next.",
			PathParams:  idOf("webhook"),
			Params:      []*param{qEnum("status", deliveryStatuses, "Only deliveries in this state."), limit(50, 500)},
			Errors:      []int{403}, Responses: []response{ok[listResponse[*kam.WebhookDelivery]]("The deliveries.")}},
		{Method: "POST", Path: "/api/v1/webhooks/{id}/ping", ID: "pingWebhook", Tag: tagWebhooks, Summary: "Ping a webhook",
			Description: "Queues a ping event to the webhook, to test the receiver; the delivery log shows how it went.",
			PathParams:  idOf("webhook"), Errors: []int{403},
			Responses: []response{{Status: 202, Description: "The ping is queued.", Media: []medium{jsonOf[itemResponse[pingResponse]]()}}}},
	}
}
