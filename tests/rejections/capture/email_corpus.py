# ruff: noqa: E501 - emails are kept as people write them, one paragraph to a line
"""Employer emails written by the team to test the recogniser (at least 60).

Rejections at every stage, interview invitations, offers, and emails that are none of
these (acknowledgements, updates, recruiter outreach, assessments, newsletters). Names,
companies and addresses are invented. Each says what a careful reader would conclude.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The day the corpus is read: emails without a year are read relative to it.
TODAY = dt.date(2026, 11, 20)


@dataclass(frozen=True)
class CorpusEmail:
    name: str
    kind: str  # rejection, invitation, offer, other
    text: str
    stage: str = ""  # for rejections: RejectionStage value
    interview_round: int | None = None
    interview_on: dt.date | None = None
    interview_time: str = ""  # "14:30"
    reason: str = ""  # words the reason sentence must contain
    received_on: dt.date | None = None


def rejection(name, text, stage, **extra):
    return CorpusEmail(name, "rejection", text, stage=stage, **extra)


def invitation(name, text, **extra):
    return CorpusEmail(name, "invitation", text, **extra)


def offer(name, text, **extra):
    return CorpusEmail(name, "offer", text, **extra)


def other(name, text, **extra):
    return CorpusEmail(name, "other", text, **extra)


CORPUS: list[CorpusEmail] = [
    # --- Rejections: no reply to the application (no contact beyond the application) ----
    rejection(
        "greenhouse no-reply rejection",
        """From: Fernhill Analytics Recruiting <no-reply@greenhouse.io>
Date: Tue, 3 Nov 2026 09:14:22 +0000
Subject: Your application to Fernhill Analytics

Hi Alex,

Thank you for your interest in the Senior Product Designer role at Fernhill Analytics. We received a large number of applications and, after careful review, we have decided to move forward with other candidates whose experience more closely matches the needs of the role.

We'll keep your details on file and wish you the best in your job search.

Fernhill Analytics Talent Team""",
        "no_reply",
        reason="more closely matches",
        received_on=dt.date(2026, 11, 3),
    ),
    rejection(
        "short unfortunately",
        """Dear Alex,

Thank you for applying for the Marketing Coordinator position. Unfortunately, your application has been unsuccessful on this occasion.

Kind regards,
Priya Nair
Bluebell Foods""",
        "no_reply",
    ),
    rejection(
        "role filled",
        """From: Harriet Cole <harriet.cole@oaklinelogistics.nl>
Subject: Warehouse Team Lead

Hello,

Thanks for sending us your application. I'm writing to let you know that the position has now been filled, so we won't be taking your application further.

All the best,
Harriet""",
        "no_reply",
        reason="filled",
    ),
    rejection(
        "not shortlisted",
        """Dear Applicant,

We appreciate the time you took to apply for the role of Data Analyst (ref 4471). Having reviewed all applications against the person specification, we regret to inform you that you have not been shortlisted for interview.

Yours sincerely,
Human Resources, Northgate Council""",
        "no_reply",
    ),
    rejection(
        "workday decline",
        """From: Harrowgate Insurance <harrowgate@myworkday.com>
Date: Mon, 9 Nov 2026 16:02:10 -0600

Thank you for your interest in the Financial Analyst II position (R-104233). After reviewing your background, we have decided to pursue other candidates for this opportunity.

We encourage you to review our careers site and apply for future roles that match your skills.

Harrowgate Talent Acquisition""",
        "no_reply",
        received_on=dt.date(2026, 11, 9),
    ),
    rejection(
        "internal candidate",
        """Hi Alex,

Thanks so much for applying to Quillfeather. We wanted to let you know that we will not be moving forward with your application, as we have decided to fill the Data Engineer role with an internal candidate.

We really appreciate your interest and hope our paths cross again.

Maya, People team""",
        "no_reply",
        reason="internal candidate",
    ),
    rejection(
        "hiring freeze",
        """Dear Alex,

I'm sorry to let you know that we will not be progressing your application for the UX Researcher role. The position has been put on hold due to budget changes for next year.

This is no reflection on your application. We wish you every success in your search.

Best,
Tom Reid
Larkspur Health""",
        "no_reply",
        reason="on hold",
    ),
    # --- Rejections after a screening call ----------------------------------------------
    rejection(
        "after phone screen",
        """From: Jordan Blake <jordan@brightwater.energy>
Date: Wed, 11 Nov 2026 11:30:00 +0000
Subject: Backend Engineer, Billing

Hi Alex,

Thank you for speaking with me last week about the Backend Engineer role. I enjoyed our conversation. After discussing with the hiring team, we have decided not to proceed with your application at this stage, as we are looking for someone with more experience running payment systems in production.

I wish you all the best in your job search.

Jordan Blake
Talent Partner, Brightwater Energy""",
        "after_screen",
        reason="more experience",
        received_on=dt.date(2026, 11, 11),
    ),
    rejection(
        "after recruiter call",
        """Hi Alex, thanks again for the recruiter call on Monday. Unfortunately we won't be moving forward with your candidacy for the Customer Success Manager role. We had a very strong pool of applicants and have chosen to proceed with another candidate.

Best of luck,
Sinead""",
        "after_screen",
    ),
    rejection(
        "after intro chat",
        """Dear Alex,

Thank you for taking the time for the intro chat with our talent team. We have now reviewed all candidates and I'm afraid you were not selected to move on to the interview stage.

Regards,
Globex Recruitment""",
        "after_screen",
    ),
    rejection(
        "after screening interview",
        """Subject: Update on your application - Barista

Hello Alex,

Thank you for your screening interview. Unfortunately we have decided to go forward with other applicants whose availability better fits the weekend rota.

Cedar & Crumb Bakery""",
        "after_screen",
        reason="availability",
    ),
    # --- Rejections after an interview round ----------------------------------------------
    rejection(
        "after first interview",
        """From: Elena Petrova <elena.petrova@fernhill.io>
Date: Thu, 12 Nov 2026 10:05:41 +0000

Hi Alex,

Thank you for your time at the first interview with Sam and me. We really enjoyed learning about your work on the booking redesign.

After a lot of discussion we have decided to move forward with other candidates whose experience in B2B analytics products is a closer match for this role.

I'd be glad to share some feedback if that would help.

Warm regards,
Elena""",
        "after_interview",
        interview_round=1,
        reason="B2B analytics",
        received_on=dt.date(2026, 11, 12),
    ),
    rejection(
        "after second interview",
        """Dear Alex,

Many thanks for attending the second round interview for the Financial Analyst role. The panel was impressed with your preparation. However, we regret to inform you that we will not be offering you the position, as another candidate had more direct experience with insurance reserving.

Kind regards,
Mark Hughes""",
        "after_interview",
        interview_round=2,
        reason="more direct experience",
    ),
    rejection(
        "after technical interview",
        """Hi Alex - thanks for taking the time to interview with the team on Tuesday. We've decided not to move forward at this time. The technical interview showed strong fundamentals, but we need someone who is further along with Kubernetes.

We'd be happy to hear from you again in the future.

Cheers,
Dev Hiring @ Quillfeather""",
        "after_interview",
    ),
    rejection(
        "after interviews generic",
        """Dear Alex,

Thank you for interviewing with us for the Warehouse Team Lead role. Following your interview, we have decided to proceed with a different candidate.

We wish you success in your future career.

Oakline Logistics HR""",
        "after_interview",
    ),
    rejection(
        "after round two panel",
        """Hello Alex,

Thanks for meeting the panel in round two. I'm sorry to say we've chosen not to progress your application. It was a close decision and we'd welcome your application for future roles.

Best,
Ravi""",
        "after_interview",
        interview_round=2,
    ),
    # --- Rejections after the final round -------------------------------------------------
    rejection(
        "after final round",
        """From: Maya Chen <maya.chen@quillfeather.com>
Date: Fri, 13 Nov 2026 17:45:00 +0000
Subject: Data Engineer - final round

Hi Alex,

Thank you so much for coming in for the final round last week. This was a really hard decision. In the end, we decided to move forward with another candidate whose background in streaming systems was slightly closer to what the team needs right now.

You should be proud of how far you got. I'd love to stay in touch.

Maya""",
        "after_final",
        reason="streaming systems",
        received_on=dt.date(2026, 11, 13),
    ),
    rejection(
        "after onsite",
        """Hi Alex,

Thanks for spending the day with us at the onsite interview. Unfortunately, we will not be moving forward with an offer. The team felt that other candidates more closely aligned with the leadership expectations of the role.

Best wishes,
Globex Corporation""",
        "after_final",
    ),
    rejection(
        "after assessment centre",
        """Dear Alex,

Thank you for attending our assessment centre on 5 November. We regret to tell you that your application was not successful on this occasion.

Yours sincerely,
Northgate Council Graduate Scheme""",
        "after_final",
    ),
    rejection(
        "final interview feedback",
        """Hello Alex,

Following your final interview with our CEO, we have made the difficult decision to go with a candidate who has more experience managing teams across several countries.

We were genuinely impressed and hope you will apply again.

Kind regards,
Helen Wu""",
        "after_final",
        reason="more experience",
    ),
    # --- Rejection after an offer ---------------------------------------------------------
    rejection(
        "offer rescinded",
        """Dear Alex,

I'm very sorry to tell you that we have had to rescind the offer we made for the Product Designer role. The company has announced a hiring freeze because of a change in funding, and all open offers have been withdrawn.

This has nothing to do with you, and I'd gladly act as a reference.

Sincerely,
Paula Stone, Head of People""",
        "after_offer",
        reason="hiring freeze",
    ),
    # --- Interview invitations ------------------------------------------------------------
    invitation(
        "greenhouse invitation with date",
        """From: Elena Petrova <elena.petrova@fernhill.io>
Date: Mon, 16 Nov 2026 09:00:00 +0000
Subject: Interview invitation - Senior Product Designer

Hi Alex,

Thank you for applying to Fernhill Analytics. We were impressed by your portfolio and would like to invite you to a first interview with me and our Head of Design.

Would Tuesday 24 November at 2:30pm (UK time) work for you? It will be a 45-minute video call on Google Meet.

Best,
Elena""",
        interview_round=1,
        interview_on=dt.date(2026, 11, 24),
        interview_time="14:30",
        received_on=dt.date(2026, 11, 16),
    ),
    invitation(
        "availability request",
        """Hi Alex,

Thanks for your application for the Backend Engineer role. We'd love to schedule a call with our engineering manager. Please let us know your availability for next week.

Thanks,
Jordan""",
    ),
    invitation(
        "calendly link",
        """Hello Alex,

Great news: we'd like to move you forward to the next stage of the process for the Customer Success Manager role. Please book a time for a 30 minute chat using my Calendly link below.

calendly example link

Sinead, Larkspur Health""",
    ),
    invitation(
        "second round with date",
        """Dear Alex,

I am pleased to let you know that you have been shortlisted for the second round interview for the Financial Analyst II position.

Your interview is scheduled for Thursday, November 26 at 10:00 am CST at our Chicago office.

Kind regards,
Mark Hughes""",
        interview_round=2,
        interview_on=dt.date(2026, 11, 26),
        interview_time="10:00",
    ),
    invitation(
        "final round invitation",
        """Hi Alex,

The team really enjoyed speaking with you. We would like to invite you to the final round, which is a 2-hour onsite with the data team on 1 December 2026 at 13:00.

Let me know if that works!
Maya""",
        interview_on=dt.date(2026, 12, 1),
        interview_time="13:00",
    ),
    invitation(
        "phone screen request",
        """Subject: Your application to Cedar & Crumb

Hi Alex! Thanks for applying to be a barista with us. We'd like to set up a quick phone call to get to know you. What times work for you this week?

Jo""",
    ),
    invitation(
        "interview confirmed",
        """Hi Alex,

Just confirming that your interview is booked for Wednesday 25th November at 11am. You'll meet Harriet (Operations Manager) and Luuk (Shift Lead). The address is Havenweg 12, Rotterdam.

See you then,
Oakline Logistics""",
        interview_on=dt.date(2026, 11, 25),
        interview_time="11:00",
    ),
    invitation(
        "would like to speak",
        """Dear Alex,

Thank you for your application to Northgate Council. We would like to speak with you about the Data Analyst role. Could you please confirm your availability for a 30 minute Teams call on 27 November?

Regards,
Recruitment Team""",
        interview_on=dt.date(2026, 11, 27),
    ),
    invitation(
        "move to technical interview",
        """Hi Alex,

Thanks for completing the take-home. We're happy to progress you to the next round: a technical interview with two engineers. Please pick a slot that suits you from the booking link below.

Dev Hiring @ Quillfeather""",
    ),
    invitation(
        "recruiter invites",
        """From: Dana Frost <dana@frostrecruitment.co.uk>

Hi Alex, great speaking earlier. The client, Brightwater Energy, would love to invite you to a first stage interview. They have slots on Friday 27 November at 9am or 3pm. Which suits?

Dana""",
        interview_round=1,
        interview_on=dt.date(2026, 11, 27),
        interview_time="09:00",
    ),
    invitation(
        "ashby scheduling",
        """From: Quillfeather <no-reply@ashbyhq.com>
Subject: Schedule your interview with Quillfeather

Hi Alex,

Quillfeather would like to schedule an interview with you for the Data Engineer role. Choose a time that works for you using the link below.

Powered by Ashby""",
    ),
    invitation(
        "panel invitation",
        """Dear Alex,

Following your recent call with our recruiter, we are delighted to invite you to a panel interview for the UX Researcher role on Monday 30 November at 15:30.

The panel will last 60 minutes.

Best wishes,
Tom Reid""",
        interview_on=dt.date(2026, 11, 30),
        interview_time="15:30",
    ),
    invitation(
        "unfortunately but invited",
        """Hi Alex,

Unfortunately the interviewer is ill on Thursday, so we'd like to schedule your interview again. Would Monday 23 November at 4pm suit you instead?

Apologies for the change,
Helen""",
        interview_on=dt.date(2026, 11, 23),
        interview_time="16:00",
    ),
    invitation(
        "move forward with your application",
        """Hello Alex,

Good news! We'd like to move forward with your application and invite you to an interview with the hiring manager. Please share your availability for next Tuesday or Wednesday.

Thanks,
Globex Recruitment""",
    ),
    invitation(
        "video interview",
        """Hi Alex,

Thanks for your interest in Bluebell Foods. We'd love to chat with you about the Marketing Coordinator role. Are you free on 2 December at 10.30am for a video call?

Priya""",
        interview_on=dt.date(2026, 12, 2),
        interview_time="10:30",
    ),
    # --- Offers ---------------------------------------------------------------------------
    offer(
        "formal offer",
        """From: Paula Stone <paula.stone@fernhill.io>
Date: Wed, 18 Nov 2026 15:00:00 +0000
Subject: Offer of employment - Senior Product Designer

Dear Alex,

I am delighted to offer you the position of Senior Product Designer at Fernhill Analytics. Your annual salary will be GBP 58,000, and your proposed start date is 4 January 2027.

Your offer letter is attached. Please sign and return it by 25 November.

Welcome aboard!
Paula""",
    ),
    offer(
        "verbal offer follow-up",
        """Hi Alex,

Following our call this afternoon, I'm happy to confirm our verbal offer for the Data Engineer role. The written offer with the full compensation package will follow tomorrow.

We are so excited to have you join the team.
Maya""",
    ),
    offer(
        "pleased to extend",
        """Dear Alex,

On behalf of Harrowgate Insurance, we are pleased to extend an offer for the role of Financial Analyst II. Your base salary will be $88,000 per year.

Please review the attached documents and let us know if you have any questions.

Mark Hughes""",
    ),
    offer(
        "offer and call",
        """Hi Alex,

Great news - we'd like to make you an offer for the Customer Success Manager role! I'd love to set up a call tomorrow to talk you through the details and answer any questions.

Sinead""",
    ),
    offer(
        "job offer short",
        """Subject: Job offer - Barista

Hi Alex, we loved meeting you and would like to offer you the job! Starting pay is £13.10 per hour, 20 hours a week. Can you start on Monday?

Jo, Cedar & Crumb""",
    ),
    offer(
        "contract to sign",
        """Dear Alex,

Congratulations! We are thrilled to offer you the role of Warehouse Team Lead. Your contract is ready in our HR portal; please accept the offer there within five working days.

Kind regards,
Harriet Cole""",
    ),
    offer(
        "offer letter attached",
        """Hello Alex,

Please find attached your offer letter for the Data Analyst role at Globex Corporation. We would be delighted for you to join us.

Best,
Globex People Team""",
    ),
    offer(
        "graduate scheme offer",
        """Dear Alex,

Following the assessment centre, we are happy to offer you a place on the Northgate Council Graduate Scheme, starting in September 2027. Your formal offer will be sent by post.

Yours sincerely,
Graduate Recruitment""",
    ),
    offer(
        "recruiter offer",
        """Hi Alex, amazing news! Brightwater Energy want to make you an offer for the Backend Engineer role: a base salary of £72,000 plus bonus. Let's talk this evening about next steps.

Dana""",
    ),
    offer(
        "extending offer contractor",
        """Dear Alex,

Larkspur Health is excited to be extending you an offer to join as UX Researcher. Please see the attached offer letter for details of your compensation and start date.

Tom Reid""",
    ),
    # --- None of these --------------------------------------------------------------------
    other(
        "application received",
        """From: Fernhill Analytics <no-reply@greenhouse.io>

Hi Alex,

Thanks for applying to Fernhill Analytics! We've received your application for Senior Product Designer and our team will review it shortly. If your experience matches what we're looking for, we'll be in touch about next steps.

Fernhill Analytics""",
    ),
    other(
        "still reviewing",
        """Hi Alex,

Just a quick update: we're still reviewing applications for the Backend Engineer role and expect to have news by the end of next week. Thanks for your patience.

Jordan""",
    ),
    other(
        "recruiter outreach",
        """Hi Alex,

I came across your profile and think you'd be a great fit for a Senior Designer role with one of my clients, a fintech in Manchester. Are you open to new opportunities?

Dana Frost, Frost Recruitment""",
    ),
    other(
        "take-home assessment",
        """Dear Alex,

As the next part of the process, please complete the attached take-home exercise within five days and send it back to this address.

Dev Hiring @ Quillfeather""",
    ),
    other(
        "job alert",
        """Subject: 12 new jobs for "data analyst" in Manchester

New jobs matching your alert: Data Analyst at Globex Corporation, Junior Data Analyst at Bluebell Foods, Insights Analyst at Larkspur Health.

Manage your alerts in your account settings.""",
    ),
    other(
        "newsletter",
        """Hello from the Oakline Logistics careers team!

This month we opened a new site in Antwerp, welcomed 40 new colleagues and launched our apprenticeship programme. Keep an eye on our careers page for new roles.""",
    ),
    other(
        "reference request",
        """Hi Alex,

As part of our process we ask for two references. Could you send the names and email addresses of two people we may contact?

Thanks,
Harrowgate HR""",
    ),
    other(
        "documents request",
        """Dear Alex,

Thank you for your application. To complete your file, please upload a copy of your right-to-work documents to the candidate portal.

Northgate Council Recruitment""",
    ),
    other(
        "event invitation",
        """Hi Alex,

You're invited to our careers open evening on 3 December, where you can meet the team and hear about life at Globex. Drinks and snacks provided!

Globex Careers""",
    ),
    other(
        "survey",
        """Hi Alex,

How was your experience applying to Larkspur Health? We'd be grateful if you could spend two minutes on our candidate survey.

Larkspur Talent Team""",
    ),
    other(
        "portal account",
        """Welcome to the Harrowgate Insurance careers portal. Your account has been created. You can now track your applications and update your profile at any time.""",
    ),
    other(
        "delay apology",
        """Hi Alex,

Sorry for the silence. Our hiring manager has been travelling, so decisions on the Data Engineer role are taking longer than planned. I'll update you as soon as I hear more.

Maya""",
    ),
    other(
        "withdrawal confirmation",
        """Dear Alex,

This is to confirm that we have received your request to withdraw your application for the Warehouse Team Lead role. Thank you for letting us know, and good luck.

Oakline Logistics HR""",
    ),
    other(
        "feedback follow-up",
        """Hi Alex,

You asked for feedback on your portfolio review. The panel liked your research depth and suggested showing more of your visual design work. Happy to talk it through.

Elena""",
    ),
    other(
        "linkedin message",
        """Hi Alex, thanks for connecting! I work on the data team at Globex. Happy to answer any questions you have about the company.

Ravi""",
    ),
    other(
        "talent pool",
        """Hi Alex,

Thanks for joining the Brightwater Energy talent community. We'll email you when roles that match your interests open up.

Brightwater Careers""",
    ),
    # --- Written after the phrase table was tuned (a small held-out check) -------------
    rejection(
        "held-out: thanks but no",
        """Hi Alex,

Thank you for your patience while we reviewed applications for the Office Manager role. While your background is impressive, we have decided to offer the role to a candidate with more experience in facilities management.

Best regards,
Clara""",
        "no_reply",
        reason="more experience",
    ),
    rejection(
        "held-out: after the interview, not selected",
        """Dear Alex,

Thank you for interviewing for the Copywriter position last Thursday. After careful consideration, we are sorry to say that you have not been selected for the role.

Best wishes,
Wren & Co""",
        "after_interview",
    ),
    invitation(
        "held-out: next step chat",
        """Hi Alex,

Loved your application! The next step is a 20 minute chat with our founder. Could you let me know which slots work for you on Monday 23 November?

Thanks, Bea""",
        interview_on=dt.date(2026, 11, 23),
    ),
    offer(
        "held-out: congratulations",
        """Hi Alex,

Congratulations! I'm happy to share that the team would like to offer you the Copywriter position. I'll send over the contract and details of your start date shortly.

Wren & Co""",
    ),
    other(
        "held-out: interview tips",
        """Hi Alex,

Ahead of interviews next month, here are five tips from our recruiters on how to prepare, plus a short video about our values.

Wren & Co Careers""",
    ),
]
