package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"kith"
)

// handler is an HTTP handler that returns its error for one place to
// render: a GOV.UK error page or an RFC 9457 problem.
type handler func(w http.ResponseWriter, r *http.Request) error

func (s *Server) serve(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		posted := new(url.Values)
		r = r.WithContext(context.WithValue(r.Context(), postedKey{}, posted))
		if err := h(w, r); err != nil {
			if r.PostForm == nil && *posted != nil {
				r.PostForm = *posted
			}
			s.renderError(w, r, err)
		}
	}
}

// routes lists every page and API endpoint. The API routes come from
// apiRoutes, which the OpenAPI test checks against the document.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	page := func(pattern string, h handler) {
		mux.Handle(pattern, s.observe(pattern, s.serve(h)))
	}
	user := func(pattern string, h handler) { page(pattern, s.requireUser(h)) }

	mux.Handle("GET /static/", s.observe("GET /static/", serveStatic()))
	page("GET /healthz", s.healthz)
	mux.Handle("GET /favicon.ico", s.observe("GET /favicon.ico", serveFavicon()))

	page("GET /{$}", func(w http.ResponseWriter, r *http.Request) error {
		http.Redirect(w, r, "/work", http.StatusSeeOther)
		return nil
	})
	page("GET /sign-in", s.signInForm)
	page("POST /sign-in", s.signIn)
	page("GET /sign-in/oidc", s.oidcStart)
	page("GET /sign-in/oidc/callback", s.oidcCallback)
	page("GET /signed-out", s.signedOut)
	page("GET /set-password/{code}", s.setPasswordForm)
	page("POST /set-password/{code}", s.setPassword)
	user("POST /sign-out", s.signOut)
	page("GET /session", s.sessionStatus)
	page("POST /session/extend", s.extendSession)
	page("POST /session/timeout", s.timeoutSession)

	user("GET /work", s.work)
	user("GET /cases", s.caseload)
	user("GET /cases/new", s.newCaseForm)
	user("POST /cases/new", s.newCase)
	user("GET /search", s.search)
	user("GET /cases/{ref}", s.caseOverview)
	user("GET /cases/{ref}/household", s.household)
	user("GET /cases/{ref}/referral", s.caseFormGet(s.episodeReferral()))
	user("POST /cases/{ref}/referral", s.caseFormPost(s.episodeReferral()))
	user("GET /cases/{ref}/referral/decision", s.caseFormGet(s.episodeDecision()))
	user("POST /cases/{ref}/referral/decision", s.caseFormPost(s.episodeDecision()))
	user("GET /cases/{ref}/assessments/new", s.caseFormGet(s.assessmentStart()))
	user("POST /cases/{ref}/assessments/new", s.caseFormPost(s.assessmentStart()))
	user("GET /cases/{ref}/assessments/{id}/edit", s.caseFormGet(s.assessmentEdit()))
	user("POST /cases/{ref}/assessments/{id}/edit", s.caseFormPost(s.assessmentEdit()))
	user("GET /cases/{ref}/assessments/{id}/authorise", s.caseFormGet(s.assessmentAuthorise()))
	user("POST /cases/{ref}/assessments/{id}/authorise", s.caseFormPost(s.assessmentAuthorise()))
	user("GET /cases/{ref}/section47s/new", s.caseFormGet(s.section47Start()))
	user("POST /cases/{ref}/section47s/new", s.caseFormPost(s.section47Start()))
	user("GET /cases/{ref}/section47s/{id}/outcome", s.caseFormGet(s.section47Outcome()))
	user("POST /cases/{ref}/section47s/{id}/outcome", s.caseFormPost(s.section47Outcome()))
	user("GET /cases/{ref}/section47s/{id}/conference", s.caseFormGet(s.section47Conference()))
	user("POST /cases/{ref}/section47s/{id}/conference", s.caseFormPost(s.section47Conference()))
	user("GET /cases/{ref}/looked-after/new", s.caseFormGet(s.careStart()))
	user("POST /cases/{ref}/looked-after/new", s.caseFormPost(s.careStart()))
	user("GET /cases/{ref}/looked-after/change", s.caseFormGet(s.careChange()))
	user("POST /cases/{ref}/looked-after/change", s.caseFormPost(s.careChange()))
	user("GET /cases/{ref}/looked-after/end", s.caseFormGet(s.careEnd()))
	user("POST /cases/{ref}/looked-after/end", s.caseFormPost(s.careEnd()))
	user("GET /cases/{ref}/looked-after/health", s.caseFormGet(s.careHealth()))
	user("POST /cases/{ref}/looked-after/health", s.caseFormPost(s.careHealth()))
	user("GET /cases/{ref}/looked-after/adoption/new", s.caseFormGet(s.adoptionDecision()))
	user("POST /cases/{ref}/looked-after/adoption/new", s.caseFormPost(s.adoptionDecision()))
	user("GET /cases/{ref}/looked-after/adoption/{id}", s.caseFormGet(s.adoptionDecision()))
	user("POST /cases/{ref}/looked-after/adoption/{id}", s.caseFormPost(s.adoptionDecision()))
	user("GET /cases/{ref}/contacts/new", s.caseFormGet(s.contactForm()))
	user("POST /cases/{ref}/contacts/new", s.caseFormPost(s.contactForm()))
	user("GET /cases/{ref}/contacts/{id}", s.caseFormGet(s.contactForm()))
	user("POST /cases/{ref}/contacts/{id}", s.caseFormPost(s.contactForm()))
	user("GET /cases/{ref}/early-help/new", s.caseFormGet(s.earlyHelpForm()))
	user("POST /cases/{ref}/early-help/new", s.caseFormPost(s.earlyHelpForm()))
	user("GET /cases/{ref}/early-help/{id}", s.caseFormGet(s.earlyHelpForm()))
	user("POST /cases/{ref}/early-help/{id}", s.caseFormPost(s.earlyHelpForm()))
	user("GET /cases/{ref}/looked-after/adoption-match", s.caseFormGet(s.adoptionMatch()))
	user("POST /cases/{ref}/looked-after/adoption-match", s.caseFormPost(s.adoptionMatch()))
	user("GET /cases/{ref}/looked-after/leaving", s.caseFormGet(s.careLeaver()))
	user("POST /cases/{ref}/looked-after/leaving", s.caseFormPost(s.careLeaver()))
	user("GET /cases/{ref}/looked-after/permanence-plan", s.caseFormGet(s.carePermanencePlan()))
	user("POST /cases/{ref}/looked-after/permanence-plan", s.caseFormPost(s.carePermanencePlan()))
	user("GET /cases/{ref}/looked-after/permanence", s.caseFormGet(s.carePermanence()))
	user("POST /cases/{ref}/looked-after/permanence", s.caseFormPost(s.carePermanence()))
	user("GET /cases/{ref}/looked-after/reviews/new", s.caseFormGet(s.careReview()))
	user("POST /cases/{ref}/looked-after/reviews/new", s.caseFormPost(s.careReview()))
	user("GET /cases/{ref}/missing/new", s.caseFormGet(s.missingForm()))
	user("POST /cases/{ref}/missing/new", s.caseFormPost(s.missingForm()))
	user("GET /cases/{ref}/missing/{id}", s.caseFormGet(s.missingForm()))
	user("POST /cases/{ref}/missing/{id}", s.caseFormPost(s.missingForm()))
	user("GET /cases/{ref}/journey", s.caseJourney)
	user("GET /cases/{ref}/identity", s.childIdentity)
	user("GET /cases/{ref}/identity/edit", s.caseFormGet(s.identityForm()))
	user("POST /cases/{ref}/identity/edit", s.caseFormPost(s.identityForm()))
	user("GET /cases/{ref}/people/new", s.newPersonForm)
	user("POST /cases/{ref}/people/new", s.newPerson)
	user("GET /cases/{ref}/people/{pid}", s.person)
	user("GET /cases/{ref}/people/{pid}/edit", s.personFormGet(s.personDetails()))
	user("POST /cases/{ref}/people/{pid}/edit", s.personFormPost(s.personDetails()))
	user("GET /cases/{ref}/people/{pid}/relationship", s.personFormGet(s.relationshipToChild()))
	user("POST /cases/{ref}/people/{pid}/relationship", s.personFormPost(s.relationshipToChild()))
	user("GET /cases/{ref}/people/{pid}/relationship/end", s.endForm(s.endRelationshipFlow()))
	user("POST /cases/{ref}/people/{pid}/relationship/end", s.endSubmit(s.endRelationshipFlow()))
	user("GET /cases/{ref}/people/{pid}/addresses/new", s.personFormGet(s.newAddressFlow()))
	user("POST /cases/{ref}/people/{pid}/addresses/new", s.personFormPost(s.newAddressFlow()))
	user("GET /cases/{ref}/people/{pid}/addresses/{id}/end", s.endForm(s.endAddressFlow()))
	user("POST /cases/{ref}/people/{pid}/addresses/{id}/end", s.endSubmit(s.endAddressFlow()))
	user("GET /cases/{ref}/people/{pid}/phones/new", s.personFormGet(s.newPhoneFlow()))
	user("POST /cases/{ref}/people/{pid}/phones/new", s.personFormPost(s.newPhoneFlow()))
	user("GET /cases/{ref}/people/{pid}/phones/{id}/end", s.endForm(s.endPhoneFlow()))
	user("POST /cases/{ref}/people/{pid}/phones/{id}/end", s.endSubmit(s.endPhoneFlow()))
	user("GET /cases/{ref}/professionals/new", s.caseFormGet(s.professionalNew()))
	user("POST /cases/{ref}/professionals/new", s.caseFormPost(s.professionalNew()))
	user("GET /cases/{ref}/professionals/{id}/edit", s.caseFormGet(s.professionalEdit()))
	user("POST /cases/{ref}/professionals/{id}/edit", s.caseFormPost(s.professionalEdit()))
	user("GET /cases/{ref}/professionals/{id}/end", s.endForm(s.endProfessionalFlow()))
	user("POST /cases/{ref}/professionals/{id}/end", s.endSubmit(s.endProfessionalFlow()))
	user("GET /cases/{ref}/warnings/new", s.caseFormGet(s.warningNew()))
	user("POST /cases/{ref}/warnings/new", s.caseFormPost(s.warningNew()))
	user("GET /cases/{ref}/warnings/{id}/review", s.caseFormGet(s.warningReview()))
	user("POST /cases/{ref}/warnings/{id}/review", s.caseFormPost(s.warningReview()))
	user("GET /cases/{ref}/warnings/{id}/end", s.endForm(s.endWarningFlow()))
	user("POST /cases/{ref}/warnings/{id}/end", s.endSubmit(s.endWarningFlow()))
	user("GET /cases/{ref}/statuses/new", s.caseFormGet(s.statusNew()))
	user("POST /cases/{ref}/statuses/new", s.caseFormPost(s.statusNew()))
	user("GET /cases/{ref}/statuses/{id}/end", s.endForm(s.endStatusFlow()))
	user("POST /cases/{ref}/statuses/{id}/end", s.endSubmit(s.endStatusFlow()))
	user("GET /cases/{ref}/allocate", s.caseFormGet(s.allocation()))
	user("POST /cases/{ref}/allocate", s.caseFormPost(s.allocation()))
	user("GET /cases/{ref}/close", s.closeForm)
	user("POST /cases/{ref}/close", s.caseFormPost(s.closure()))
	user("GET /cases/{ref}/reopen", s.caseFormGet(s.reopening()))
	user("POST /cases/{ref}/reopen", s.caseFormPost(s.reopening()))
	user("GET /cases/{ref}/access", s.access)
	user("POST /cases/{ref}/access", s.changeAccess)
	user("GET /cases/{ref}/access-log", s.accessLog)

	user("GET /cases/{ref}/plan", s.casePlan)
	user("GET /cases/{ref}/plan/print", s.printPlan)
	user("GET /cases/{ref}/plan/pdf", s.planPDF)
	user("GET /cases/{ref}/plan/new", s.caseFormGet(s.planNew()))
	user("POST /cases/{ref}/plan/new", s.caseFormPost(s.planNew()))
	user("GET /cases/{ref}/plans/{pid}/end", s.caseFormGet(s.planEnd()))
	user("POST /cases/{ref}/plans/{pid}/end", s.caseFormPost(s.planEnd()))
	user("GET /cases/{ref}/plans/{pid}/review", s.caseFormGet(s.planReview()))
	user("POST /cases/{ref}/plans/{pid}/review", s.caseFormPost(s.planReview()))
	user("GET /cases/{ref}/plans/{pid}/objectives/new", s.caseFormGet(s.objectiveForm()))
	user("POST /cases/{ref}/plans/{pid}/objectives/new", s.caseFormPost(s.objectiveForm()))
	user("GET /cases/{ref}/plans/{pid}/objectives/{id}/edit", s.caseFormGet(s.objectiveForm()))
	user("POST /cases/{ref}/plans/{pid}/objectives/{id}/edit", s.caseFormPost(s.objectiveForm()))
	user("GET /cases/{ref}/objectives/{id}", s.objective)
	user("GET /cases/{ref}/referrals", s.caseReferrals)
	user("GET /cases/{ref}/referrals/new", s.caseFormGet(s.referralNew()))
	user("POST /cases/{ref}/referrals/new", s.caseFormPost(s.referralNew()))
	user("GET /cases/{ref}/referrals/{id}", s.caseFormGet(s.referralChase()))
	user("POST /cases/{ref}/referrals/{id}", s.caseFormPost(s.referralChase()))
	user("GET /cases/{ref}/referrals/{id}/outcome", s.caseFormGet(s.referralOutcome()))
	user("POST /cases/{ref}/referrals/{id}/outcome", s.caseFormPost(s.referralOutcome()))
	user("GET /cases/{ref}/oversight", s.caseOversight)
	user("GET /cases/{ref}/summaries", s.caseSummaries)
	user("GET /cases/{ref}/summaries/new", s.summaryNewForm)
	user("POST /cases/{ref}/summaries/new", s.summaryNew)
	user("GET /cases/{ref}/summaries/{id}/share", s.summaryShareForm)
	user("POST /cases/{ref}/summaries/{id}/share", s.summaryShare)
	user("GET /cases/{ref}/summaries/{id}/sign-off", s.summarySignOffForm)
	user("POST /cases/{ref}/summaries/{id}/sign-off", s.summarySignOff)
	user("GET /cases/{ref}/summaries/{id}/family", s.summaryFamily)
	user("GET /cases/{ref}/summaries/{id}/family/pdf", s.summaryFamilyPDF)
	user("GET /supervision/group", s.groupSupervisionForm)
	user("POST /supervision/group", s.groupSupervision)
	user("GET /cases/{ref}/actions", s.caseActions)
	user("GET /cases/{ref}/actions/new", s.caseFormGet(s.actionNew()))
	user("POST /cases/{ref}/actions/new", s.caseFormPost(s.actionNew()))
	user("GET /cases/{ref}/actions/{id}", s.caseFormGet(s.actionUpdate()))
	user("POST /cases/{ref}/actions/{id}", s.caseFormPost(s.actionUpdate()))

	user("GET /cases/{ref}/records", s.runningRecord)
	user("GET /cases/{ref}/records/print", s.printRecords)
	user("GET /cases/{ref}/records/pdf", s.recordsPDF)
	user("GET /cases/{ref}/file", s.caseFiles)
	user("POST /cases/{ref}/file", s.requestCaseFile)
	user("GET /cases/{ref}/file/{id}/status", s.caseFileStatus)
	user("GET /cases/{ref}/file/{id}/pdf", s.caseFilePDF)
	user("GET /cases/{ref}/records/new", s.newRecordForm)
	user("POST /cases/{ref}/records/new", s.newRecord)
	user("GET /cases/{ref}/records/{id}", s.record)
	user("POST /cases/{ref}/records/{id}", s.saveRecord)
	user("GET /cases/{ref}/records/{id}/print", s.printRecord)
	user("GET /cases/{ref}/records/{id}/pdf", s.recordPDF)
	user("GET /cases/{ref}/records/{id}/versions", s.recordVersions)
	user("GET /cases/{ref}/records/{id}/versions/{n}", s.recordVersion)
	user("GET /cases/{ref}/records/{id}/discard", s.discardForm)
	user("POST /cases/{ref}/records/{id}/discard", s.discard)
	user("POST /cases/{ref}/records/{id}/addenda", s.addAddendum)
	user("GET /cases/{ref}/records/{id}/withdraw", s.withdrawForm)
	user("POST /cases/{ref}/records/{id}/withdraw", s.withdraw)
	user("GET /cases/{ref}/records/{id}/files/new", s.attachmentForm)
	user("POST /cases/{ref}/records/{id}/files/new", s.uploadAttachment)
	user("GET /files/{id}", s.attachment)
	s.chronologyPages(user)
	user("GET /drafts", s.myDrafts)
	user("GET /records/search", s.recordSearch)
	user("GET /reports/timeliness", s.timelinessReport)
	user("GET /returns/quality", s.returnsQuality)
	user("GET /retention", s.retentionList)
	user("POST /retention/policy", s.retentionPolicySave)
	user("GET /retention/{ref}", s.retentionCase)
	user("POST /retention/{ref}/hold", s.retentionHold)
	user("POST /retention/{ref}/lift", s.retentionLift)
	user("POST /retention/{ref}/propose", s.retentionPropose)
	user("POST /retention/{ref}/decide", s.retentionDecide)
	user("GET /subject-access", s.subjectAccessList)
	user("GET /subject-access/new", s.subjectAccessForm)
	user("POST /subject-access/new", s.subjectAccessSave)
	user("GET /subject-access/{id}", s.subjectAccessForm)
	user("POST /subject-access/{id}", s.subjectAccessSave)
	user("GET /subject-access/{id}/bundle", s.sarBundle)
	user("POST /subject-access/{id}/bundle", s.sarGather)
	user("GET /subject-access/{id}/bundle/preview", s.sarPreview)
	user("GET /subject-access/{id}/bundle/log", s.sarRedactionLog)
	user("POST /subject-access/{id}/bundle/finalise", s.sarFinalise)
	user("GET /subject-access/{id}/bundle/disclosed.pdf", s.sarDisclosedPDF)
	user("GET /subject-access/{id}/bundle/{seq}", s.sarPage)
	user("POST /subject-access/{id}/bundle/{seq}", s.sarPageSave)
	user("GET /adopters", s.adoptersList)
	user("GET /adopters/new", s.householdForm)
	user("POST /adopters/new", s.householdSave)
	user("GET /adopters/{id}", s.householdForm)
	user("POST /adopters/{id}", s.householdSave)
	user("GET /returns", s.returnsList)
	user("POST /returns", s.returnsMake)
	user("GET /returns/{id}/download", s.returnsDownload)
	user("GET /reports/timeliness/records", s.timelinessRecords)
	user("GET /reports/writing", s.writingReport)
	user("GET /reports/role-changes", s.roleChanges)
	user("GET /integrity", s.integrity)
	user("POST /integrity/check", s.integrityCheck)
	user("GET /integrity/roots.txt", s.integrityRoots)
	user("GET /settings/timeliness", s.timelinessSettingsForm)
	user("POST /settings/timeliness", s.saveTimelinessSettings)

	user("GET /account", s.account)
	user("POST /account/tokens", s.createToken)
	user("POST /account/tokens/{id}/revoke", s.revokeToken)

	user("GET /admin", func(w http.ResponseWriter, r *http.Request) error {
		http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
		return nil
	})
	user("GET /admin/users", s.adminUsers)
	user("GET /admin/users/new", s.adminUserForm)
	user("POST /admin/users/new", s.adminSaveUser)
	user("GET /admin/users/{id}", s.adminUserForm)
	user("POST /admin/users/{id}", s.adminSaveUser)
	user("POST /admin/users/{id}/disable", s.adminDisableUser)
	user("POST /admin/users/{id}/password-link", s.adminPasswordLink)
	user("POST /admin/users/{id}/tokens/{tid}/revoke", s.adminRevokeToken)
	user("GET /admin/teams", s.adminTeams)
	user("GET /admin/teams/new", s.adminTeamForm)
	user("POST /admin/teams/new", s.adminSaveTeam)
	user("GET /admin/teams/{id}", s.adminTeamForm)
	user("POST /admin/teams/{id}", s.adminSaveTeam)
	user("GET /admin/services/new", s.adminServiceForm)
	user("POST /admin/services/new", s.adminSaveService)
	user("GET /admin/services/{id}", s.adminServiceForm)
	user("POST /admin/services/{id}", s.adminSaveService)
	user("GET /admin/templates", s.adminTemplates)
	user("POST /admin/templates", s.adminAddTemplate)
	user("GET /admin/settings", s.adminSettingsForm)
	user("POST /admin/settings", s.adminSaveSettings)

	for _, rt := range s.apiRoutes() {
		h := s.apiAuth(rt.handle)
		if rt.public {
			h = rt.handle
		}
		pattern := rt.method + " " + rt.path
		mux.Handle(pattern, s.observe(pattern, s.serve(h)))
	}
	// Anything else under /api answers as a problem, not an HTML page.
	mux.Handle("/api/", s.observe("/api/", s.serve(func(w http.ResponseWriter, r *http.Request) error {
		return kith.Errorf(kith.ENOTFOUND, "There is no API endpoint %s %s. See /api/v1/openapi.json.", r.Method, r.URL.Path)
	})))
	mux.Handle("/", s.observe("/", s.serve(func(w http.ResponseWriter, r *http.Request) error {
		return kith.NotFound("Page")
	})))

	csrf := http.NewCrossOriginProtection()
	if s.Config.PublicURL != "" {
		if err := csrf.AddTrustedOrigin(strings.TrimSuffix(s.Config.PublicURL, "/")); err != nil {
			s.Log.Warn("public URL is not a valid origin", "url", s.Config.PublicURL, "err", err)
		}
	}
	return s.secure(s.mustSayWhence(csrf.Handler(mux)))
}

// mustSayWhence refuses a state-changing browser request that says
// neither where it came from (Origin) nor how (Sec-Fetch-Site).
// http.CrossOriginProtection lets such a request through, taking it for
// a program rather than a browser; but a request with Kith's session
// cookie, or to a page (signing in, setting a password), is a browser's,
// and every browser Kith supports sends at least one of the two on a
// POST. Requests with a bearer token (API clients), and API requests
// with no cookie (which fail to authenticate anyway), are not affected.
// This is simpler and as robust as a token in every form: nothing to add
// to each form, or to lose when a form is kept over a sign-out.
func (s *Server) mustSayWhence(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if r.Header.Get("Origin") != "" || r.Header.Get("Sec-Fetch-Site") != "" || r.Header.Get("Authorization") != "" {
			next.ServeHTTP(w, r)
			return
		}
		_, cookieErr := r.Cookie(sessionCookie)
		if cookieErr != nil && isAPI(r) {
			next.ServeHTTP(w, r)
			return
		}
		s.renderError(w, r, kith.Errorf(kith.EFORBIDDEN, "Kith could not tell which page this came from, so it was not sent. Go back, reload the page and try again. If this keeps happening, your browser may be too old for Kith, or something between it and Kith is removing its headers: tell your IT service desk."))
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	if err := s.DB.Ping(r.Context()); err != nil {
		s.Log.Error("health check: database does not answer", "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return nil
	}
	if err := s.DB.WriteHealth(r.Context()); err != nil {
		s.Log.Error("health check: the database cannot write", "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database cannot write: " + err.Error() + "\n"))
		return nil
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
	return nil
}
