package ingest

// Kind is what an import brings in: one kind per file.
type Kind string

// The kinds of import.
const (
	KindAccounts      Kind = "accounts"
	KindContacts      Kind = "contacts"
	KindProducts      Kind = "products"
	KindOrders        Kind = "orders" // order lines, grouped into orders by order number
	KindInvoices      Kind = "invoices"
	KindPayments      Kind = "payments"
	KindOpportunities Kind = "opportunities"
	KindActivities    Kind = "activities"
	KindUsers         Kind = "users"
)

// Field is a kam field an input column can fill, with the header names that
// mean it in the exports teams bring (ERPs, Salesforce, HubSpot, spreadsheets).
// Synonyms are compared after normalising (lower case, letters and digits only).
type Field struct {
	Name     string
	Required bool
	Synonyms []string
}

// Fields lists, per kind, the fields an import understands.
var Fields = map[Kind][]Field{
	KindAccounts: {
		{Name: "kam_id", Synonyms: []string{"kamid"}},
		{Name: "version", Synonyms: []string{"kamversion"}},
		{Name: "external_id", Synonyms: []string{"id", "accountid", "customerid", "customerno", "customernumber", "accountnumber", "debitor", "recordid", "companyid", "referenceid"}},
		{Name: "name", Required: true, Synonyms: []string{"account", "accountname", "company", "companyname", "customer", "customername", "organisation", "organization", "name1"}},
		{Name: "legal_name", Synonyms: []string{"legalname", "registeredname"}},
		{Name: "parent_external_id", Synonyms: []string{"parentkamid", "parentid", "parentaccountid", "parent", "parentaccount", "parentcompany", "subsidiaryof"}},
		{Name: "domain", Synonyms: []string{"website", "domain", "domains", "url", "web", "companydomainname", "websiteurl"}},
		{Name: "tax_id", Synonyms: []string{"taxid", "vatid", "vatnumber", "vat", "ustidnr", "siret", "ein"}},
		{Name: "industry", Synonyms: []string{"industry", "sector", "vertical"}},
		{Name: "country", Synonyms: []string{"country", "billingcountry", "countrycode", "countryregion", "officelocation"}},
		{Name: "segment", Synonyms: []string{"segment", "type", "accounttype", "customertype"}},
		{Name: "tier", Synonyms: []string{"tier", "class", "classification"}},
		{Name: "status", Synonyms: []string{"status", "lifecyclestage", "accountstatus"}},
		{Name: "owner", Synonyms: []string{"owner", "ownerid", "accountowner", "companyowner", "accountmanager", "salesagent", "salesrep"}},
		{Name: "currency", Synonyms: []string{"currency", "currencyisocode", "currencycode"}},
	},
	KindContacts: {
		{Name: "kam_id", Synonyms: []string{"kamid"}},
		{Name: "version", Synonyms: []string{"kamversion"}},
		{Name: "external_id", Synonyms: []string{"id", "contactid", "referenceid"}},
		{Name: "account_external_id", Synonyms: []string{"accountkamid", "accountid", "customerid", "companyid"}},
		{Name: "account_name", Synonyms: []string{"account", "accountname", "company", "companyname"}},
		{Name: "first_name", Synonyms: []string{"firstname", "givenname", "forename"}},
		{Name: "last_name", Required: true, Synonyms: []string{"lastname", "surname", "familyname", "name"}},
		{Name: "email", Synonyms: []string{"email", "emailaddress", "mail"}},
		{Name: "phone", Synonyms: []string{"phone", "telephone", "mobile", "mobilephone"}},
		{Name: "title", Synonyms: []string{"title", "jobtitle", "position"}},
		{Name: "buying_role", Synonyms: []string{"buyingrole", "role", "contactrole"}},
		{Name: "reports_to", Synonyms: []string{"reportstoid", "reportsto", "manager"}},
	},
	KindProducts: {
		{Name: "sku", Required: true, Synonyms: []string{"sku", "stockcode", "productcode", "itemcode", "articlenumber", "partnumber", "product"}},
		{Name: "name", Synonyms: []string{"name", "productname", "description", "itemname"}},
		{Name: "family", Synonyms: []string{"family", "productfamily", "series", "category", "productline"}},
		{Name: "list_price", Synonyms: []string{"listprice", "price", "salesprice", "unitprice"}},
		{Name: "currency", Synonyms: []string{"currency", "currencyisocode"}},
	},
	KindOrders: {
		{Name: "order_id", Required: true, Synonyms: []string{"orderid", "order", "ordernumber", "orderno", "invoiceno", "invoicenumber", "documentnumber"}},
		{Name: "account_external_id", Required: true, Synonyms: []string{"accountkamid", "customerid", "accountid", "customerno", "customernumber", "customer", "account"}},
		{Name: "order_date", Required: true, Synonyms: []string{"orderdate", "invoicedate", "date", "documentdate"}},
		{Name: "sku", Synonyms: []string{"sku", "stockcode", "productcode", "itemcode", "product"}},
		{Name: "description", Synonyms: []string{"description", "productname", "itemname"}},
		{Name: "quantity", Required: true, Synonyms: []string{"quantity", "qty", "units"}},
		{Name: "unit_price", Required: true, Synonyms: []string{"unitprice", "price", "netprice"}},
		{Name: "discount", Synonyms: []string{"discount", "discountpercent"}},
		{Name: "currency", Synonyms: []string{"currency", "currencycode"}},
		{Name: "country", Synonyms: []string{"country", "shiptocountry"}},
	},
	KindOpportunities: {
		{Name: "kam_id", Synonyms: []string{"kamid"}},
		{Name: "version", Synonyms: []string{"kamversion"}},
		{Name: "external_id", Synonyms: []string{"id", "opportunityid", "referenceid"}},
		{Name: "account_external_id", Synonyms: []string{"accountkamid", "accountid", "customerid"}},
		{Name: "account_name", Synonyms: []string{"account", "accountname", "company"}},
		{Name: "name", Synonyms: []string{"name", "opportunityname", "dealname"}},
		{Name: "stage", Required: true, Synonyms: []string{"stage", "stagename", "dealstage"}},
		{Name: "amount", Synonyms: []string{"amount", "value", "closevalue", "dealvalue"}},
		{Name: "close_date", Synonyms: []string{"closedate", "expectedclosedate"}},
		{Name: "owner", Synonyms: []string{"owner", "ownerid", "salesagent", "dealowner"}},
		{Name: "product", Synonyms: []string{"product", "productname"}},
		{Name: "kind", Synonyms: []string{"type", "opportunitytype", "dealtype"}},
		{Name: "currency", Synonyms: []string{"currency", "currencyisocode", "currencycode"}},
		{Name: "created_date", Synonyms: []string{"createddate", "engagedate", "opendate"}},
	},
	KindInvoices: {
		{Name: "external_id", Required: true, Synonyms: []string{"invoiceno", "invoicenumber", "invoice", "number", "id", "documentnumber"}},
		{Name: "account_external_id", Synonyms: []string{"accountkamid", "customerid", "accountid", "customerno", "customernumber", "customer"}},
		{Name: "account_name", Synonyms: []string{"accountname", "customername", "company"}},
		{Name: "order_id", Synonyms: []string{"orderid", "ordernumber", "orderno", "salesorder"}},
		{Name: "issued_on", Required: true, Synonyms: []string{"invoicedate", "issuedon", "issuedate", "date", "documentdate"}},
		{Name: "due_on", Synonyms: []string{"duedate", "dueon", "paymentdue"}},
		{Name: "amount", Required: true, Synonyms: []string{"amount", "total", "invoiceamount", "grossamount", "invoicetotal"}},
		{Name: "currency", Synonyms: []string{"currency", "currencycode"}},
		{Name: "paid_on", Synonyms: []string{"paidon", "paiddate", "paymentdate", "settledon"}},
	},
	KindPayments: {
		{Name: "external_id", Required: true, Synonyms: []string{"paymentid", "paymentno", "reference", "transactionid", "id"}},
		{Name: "invoice_id", Required: true, Synonyms: []string{"invoiceno", "invoicenumber", "invoice", "invoiceid"}},
		{Name: "paid_on", Required: true, Synonyms: []string{"paymentdate", "paidon", "valuedate", "date"}},
		{Name: "amount", Required: true, Synonyms: []string{"amount", "paid", "paidamount", "payment"}},
		{Name: "currency", Synonyms: []string{"currency", "currencycode"}},
	},
	KindActivities: {
		{Name: "external_id", Synonyms: []string{"activityid", "id", "referenceid"}},
		{Name: "account_external_id", Synonyms: []string{"accountkamid", "accountid", "customerid", "whatid"}},
		{Name: "account_name", Synonyms: []string{"account", "accountname", "company", "customer"}},
		{Name: "kind", Required: true, Synonyms: []string{"kind", "type", "activitytype", "channel", "tasksubtype"}},
		{Name: "occurred_at", Required: true, Synonyms: []string{"occurredat", "date", "activitydate", "datetime", "when"}},
		{Name: "owner", Synonyms: []string{"owner", "ownerid", "user", "assignedto", "salesrep"}},
		{Name: "subject", Synonyms: []string{"subject", "title"}},
		{Name: "notes", Synonyms: []string{"notes", "description", "comments", "body"}},
		{Name: "outcome", Synonyms: []string{"outcome", "result"}},
		{Name: "next_step", Synonyms: []string{"nextstep", "followup"}},
	},
	KindUsers: {
		{Name: "username", Synonyms: []string{"username", "login", "userid"}},
		{Name: "display_name", Synonyms: []string{"name", "fullname", "displayname", "salesagent", "agent", "salesrep"}},
		{Name: "email", Synonyms: []string{"email", "emailaddress", "mail"}},
		{Name: "role", Synonyms: []string{"role", "userrole", "jobrole"}},
		{Name: "manager", Synonyms: []string{"manager", "managername", "reportsto", "supervisor"}},
		{Name: "region", Synonyms: []string{"region", "regionaloffice", "office", "team", "territory"}},
	},
}

// normalizeHeader reduces a column name to letters and digits in lower case.
// A Salesforce report prefix such as "Account: " is dropped.
func normalizeHeader(h string) string {
	for i := len(h) - 1; i >= 0; i-- {
		if h[i] == ':' {
			h = h[i+1:]
			break
		}
	}
	b := make([]byte, 0, len(h))
	for _, r := range h {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b = append(b, byte(r))
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r-'A'+'a'))
		}
	}
	return string(b)
}
