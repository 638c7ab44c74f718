package emulator

// The emulator's own copy of the wire format of the SCM API reference
// (https://support.huaweicloud.com/intl/en-us/api-scm/scm_api_01_0001.html). It is
// written from the reference, not shared with the client, so that a wrong JSON name in
// the client is refused here (strict decoding) instead of being mirrored.

type applyRequest struct {
	Domain                 string `json:"domain"`
	Sans                   string `json:"sans"`
	CSR                    string `json:"csr"`
	CompanyName            string `json:"company_name"`
	CompanyUnit            string `json:"company_unit"`
	CompanyProvince        string `json:"company_province"`
	CompanyCity            string `json:"company_city"`
	Country                string `json:"country"`
	ApplicantName          string `json:"applicant_name"`
	ApplicantPhone         string `json:"applicant_phone"`
	ApplicantEmail         string `json:"applicant_email"`
	ContactName            string `json:"contact_name"`
	ContactPhone           string `json:"contact_phone"`
	ContactEmail           string `json:"contact_email"`
	AutoDNSAuth            *bool  `json:"auto_dns_auth"`
	AgreePrivacyProtection *bool  `json:"agree_privacy_protection"`
	DomainMethod           string `json:"domain_method"`
	KeyAlgorithm           string `json:"key_algorithm"`
	CAHashAlgorithm        string `json:"ca_hash_algorithm"`
}

// method is the validation method the application asks for; the service validates by
// DNS unless told otherwise, and a bare IP address only by FILE.
func (a *applyRequest) method() string {
	switch {
	case a.DomainMethod != "":
		return a.DomainMethod
	case isIP(a.Domain):
		return "FILE"
	}
	return "DNS"
}

// ApplicationInfo is the applicant data kept with an application.
type ApplicationInfo struct {
	Country         string `json:"country"`
	CompanyName     string `json:"company_name"`
	CompanyProvince string `json:"company_province"`
	CompanyCity     string `json:"company_city"`
	ApplicantName   string `json:"applicant_name"`
	ApplicantPhone  string `json:"applicant_phone"`
	ApplicantEmail  string `json:"applicant_email"`
	ContactName     string `json:"contact_name"`
	ContactPhone    string `json:"contact_phone"`
	ContactEmail    string `json:"contact_email"`
}

// ValidationRecord is a DNS record proving ownership of a domain.
type ValidationRecord struct {
	Domain      string `json:"domain"`
	RecordName  string `json:"record_name"`
	RecordType  string `json:"record_type"`
	RecordValue string `json:"record_value"`
}

// Certificate is the answer of GET /v3/scm/certificates/{id}, and the emulator's record.
type Certificate struct {
	ID                  string             `json:"id"`
	Status              string             `json:"status"`
	OrderID             string             `json:"order_id"`
	Name                string             `json:"name"`
	Type                string             `json:"type"`
	Brand               string             `json:"brand"`
	SignatureAlgorithm  string             `json:"signature_algorithm"`
	IssueTime           string             `json:"issue_time"`
	NotBefore           string             `json:"not_before"`
	NotAfter            string             `json:"not_after"`
	ValidityPeriod      int                `json:"validity_period"`
	ValidationMethod    string             `json:"validation_method"`
	DomainType          string             `json:"domain_type"`
	MultiDomainType     string             `json:"multi_domain_type"`
	Domain              string             `json:"domain"`
	Sans                string             `json:"sans"`
	DomainCount         int                `json:"domain_count"`
	WildcardCount       int                `json:"wildcard_count"`
	Fingerprint         string             `json:"fingerprint"`
	EnterpriseProjectID string             `json:"enterprise_project_id"`
	ApplicationInfo     ApplicationInfo    `json:"application_info"`
	Authentication      []ValidationRecord `json:"authentification"`
}

type errorAnswer struct {
	ErrorCode string `json:"error_code"`
	ErrorMsg  string `json:"error_msg"`
}

// exportAnswer is the answer of POST /v3/scm/certificates/{id}/export.
type exportAnswer struct {
	EntireCertificate string `json:"entire_certificate"`
	Certificate       string `json:"certificate"`
	CertificateChain  string `json:"certificate_chain"`
	PrivateKey        string `json:"private_key"`
}

// listAnswer is the answer of GET /v3/scm/certificates.
type listAnswer struct {
	Certificates []listEntry `json:"certificates"`
	TotalCount   int         `json:"total_count"`
}

type listEntry struct {
	ID                  string `json:"id"`
	Name                string `json:"name"`
	Domain              string `json:"domain"`
	Sans                string `json:"sans"`
	SignatureAlgorithm  string `json:"signature_algorithm"`
	DeploySupport       bool   `json:"deploy_support"`
	Type                string `json:"type"`
	Brand               string `json:"brand"`
	ExpireTime          string `json:"expire_time"`
	DomainType          string `json:"domain_type"`
	ValidityPeriod      int    `json:"validity_period"`
	Status              string `json:"status"`
	DomainCount         int    `json:"domain_count"`
	WildcardCount       int    `json:"wildcard_count"`
	Description         string `json:"description"`
	EnterpriseProjectID string `json:"enterprise_project_id"`
}
