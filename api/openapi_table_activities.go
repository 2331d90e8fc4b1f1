package api

import "github.com/kamhq/kam/store"

// activityResponse is an answer with one activity and its version.
func activityResponse(status int, description string) response {
	return response{Status: status, Description: description, Media: []medium{jsonOf[itemResponse[*store.ActivityRow]]()},
		Headers: map[string]string{"ETag": "The activity's version."}}
}

// taskResponse is an answer with one task and its version.
func taskResponse(status int, description string) response {
	return response{Status: status, Description: description, Media: []medium{jsonOf[itemResponse[*store.TaskRow]]()},
		Headers: map[string]string{"ETag": "The task's version."}}
}

// activityOperations are the operations that read one activity or task,
// change, delete and restore them.
func activityOperations() []*operation {
	return []*operation{
		{Method: "GET", Path: "/api/v1/activities/{id}", ID: "getActivity", Tag: tagActivities, Summary: "Get an activity",
			Description: "An activity of an account the user may see, with its contacts, its account's name and who logged it; " +
				"its version in ETag.",
			PathParams: idOf("activity"), Responses: []response{activityResponse(200, "The activity.")}},
		{Method: "PATCH", Path: "/api/v1/activities/{id}", ID: "updateActivity", Tag: tagActivities, Summary: "Change an activity",
			Description: "Whoever may change the account changes the fields given; next_step_due null clears the day. The version " +
				"the change started from is required, in If-Match or as version (428 without one); an activity changed since is 412 " +
				"with the activity as it is now in data. The account's last contact by channel follows the change.",
			PathParams: idOf("activity"), Example: `{"outcome": "Agreed on a pilot", "next_step": "Send the pilot offer", "next_step_due": "2026-05-12"}`,
			Params: []*param{header("If-Match", "The activity's version (its ETag), instead of version in the body.")},
			Body:   jsonBody[activityPatch](), Errors: []int{403, 428},
			Responses: []response{activityResponse(200, "The activity, changed."),
				{Status: 412, Description: "The activity changed since the version given: the error, and the activity as it is now.",
					Media: []medium{jsonOf[conflictBody[*store.ActivityRow]]()}, Headers: map[string]string{"ETag": "The activity's version now."}}}},
		{Method: "DELETE", Path: "/api/v1/activities/{id}", ID: "deleteActivity", Tag: tagActivities, Summary: "Delete an activity",
			Description: "The activity goes to the bin, from where an administrator can restore it; it leaves the account's lists, " +
				"timeline and last contact.",
			PathParams: idOf("activity"), Params: []*param{header("If-Match", "The activity's version; the delete is refused (412) if it changed.")},
			Errors: []int{403, 412}, Responses: []response{noContent("The activity is deleted.")}},
		{Method: "POST", Path: "/api/v1/activities/{id}/restore", ID: "restoreActivity", Tag: tagActivities, Summary: "Restore a deleted activity",
			Description: "The deleted activity comes back (administrators); not while its account is deleted (409).",
			PathParams:  idOf("activity"), Errors: []int{403, 409}, Responses: []response{activityResponse(200, "The activity.")}},

		{Method: "GET", Path: "/api/v1/tasks/{id}", ID: "getTask", Tag: tagActivities, Summary: "Get a task",
			Description: "A task the user may see, open or done, with its account's and assignee's names; its version in ETag.",
			PathParams:  idOf("task"), Responses: []response{taskResponse(200, "The task.")}},
		{Method: "PATCH", Path: "/api/v1/tasks/{id}", ID: "updateTask", Tag: tagActivities, Summary: "Change a task",
			Description: "The task's assignee, or anyone who may change its account, changes its title and due day (null clears it). " +
				"Only someone who may change the account gives the task to another user, who must be able to see the account; a task " +
				"on no account is its assignee's own. The version is required as for activities: 428 without one, 412 with the task " +
				"as it is now.",
			PathParams: idOf("task"), Example: `{"title": "Send the revised offer", "due": "2026-05-15"}`,
			Params: []*param{header("If-Match", "The task's version (its ETag), instead of version in the body.")},
			Body:   jsonBody[taskPatch](), Errors: []int{403, 428},
			Responses: []response{taskResponse(200, "The task, changed."),
				{Status: 412, Description: "The task changed since the version given: the error, and the task as it is now.",
					Media: []medium{jsonOf[conflictBody[*store.TaskRow]]()}, Headers: map[string]string{"ETag": "The task's version now."}}}},
		{Method: "DELETE", Path: "/api/v1/tasks/{id}", ID: "deleteTask", Tag: tagActivities, Summary: "Delete a task",
			Description: "The task goes to the bin, from where an administrator can restore it. Those who may change a task may delete it.",
			PathParams:  idOf("task"), Params: []*param{header("If-Match", "The task's version; the delete is refused (412) if it changed.")},
			Errors: []int{403, 412}, Responses: []response{noContent("The task is deleted.")}},
		{Method: "POST", Path: "/api/v1/tasks/{id}/restore", ID: "restoreTask", Tag: tagActivities, Summary: "Restore a deleted task",
			Description: "The deleted task comes back (administrators); not while its account is deleted (409).",
			PathParams:  idOf("task"), Errors: []int{403, 409}, Responses: []response{taskResponse(200, "The task.")}},
	}
}
