package synth

// The banks of sentences the running record is written from: plain
// English, as a practitioner would write, about invented families. See
// words.go for the tags and placeholders.

// Home visits.
var (
	visitHeadlines = lines(`
h|Statutory visit: {child} seen at home with {parent}
h|{child} seen alone at home to review the {plan}
hs|Unannounced visit after the school raised a concern
h|Home visit to see {child} and talk to {parent} about the {plan}
h|Visit to check on home conditions and see {child}
h|Planned visit to review progress with {parent}
hy|Visit to see {child} and check the sleeping arrangements
h|Visit after {parent} missed the last appointment
ho|Visit to talk to {parent} about contact with {other}
c|{child} seen at the placement with {carer}
c|Statutory visit to {child} in placement
c|Visit to {child} at the foster home after a difficult week
c|Placement visit ahead of the {meeting}
l|Visit to {child} at the flat to review the pathway plan
l|{child} seen at home to talk about money and the tenancy
l|Visit to {child} to check how the move has gone
{child} seen ahead of the {meeting}
`)
	visitDiscussion = lines(`
h+|We went through the actions from the last {meeting} and {parent} said most of them are done.
h-|{parent} talked about money worries since the benefits change and said the electricity meter often runs out by the weekend.
hs|We talked about {child}'s school attendance, which the school says is {pct}% this term.
hs-|{parent} said mornings are still hard and {child} is often late for school.
h-|I asked about the housing repairs. The landlord has still not fixed the damp in the back bedroom.
ho|We went through the safety plan and who {parent} would call if {other} came to the house.
h+|{parent} said the parenting group on Tuesdays has been helpful, especially the session on routines.
h|We talked about how {parent} is managing {ppos} own health; {psub} has an appointment with the GP next week.
hy+|We talked about {child}'s sleep. {parent} said {child} now sleeps in {pos} own cot most nights.
hy|{parent} said {child} has been teething and unsettled, and asked about the drop-in at the children's centre.
h|{parent} asked whether the case will close soon. I explained what needs to happen first and how we will decide.
h|We discussed the referral to the food bank and the voucher has now been used.
hg+|{parent} said {gran} has been helping with the school run three days a week.
hb+|We talked about how {child} and {sib} are getting on; {parent} said the arguing has calmed down.
ho|{parent} said {other} has not been in touch for three weeks and {child} keeps asking about {other}.
h+|{parent} said the new bedtime routine is working on most nights.
ht|We talked about {child} staying out late. {parent} has agreed a time to be home and will ring if {child} is late.
ht|{parent} said {child} spends a lot of time on {pos} phone and will not say who {sub:talks} to.
c+|{carer} said {child} has settled well and is eating better.
c|We talked about family time with {parent}. {carer} said {child} is unsettled for a day or two afterwards.
cs+|{carer} said {child} has had a good week at school and has made a friend in {pos} class.
c|We went through the placement plan and the arrangements for the holidays.
c|{carer} asked for help with {child}'s bedtimes, which are still difficult.
ct|{carer} said {child} came home an hour late twice this week and would not say where {sub} had been.
c|We talked about {child}'s life story book and the photographs {parent} has agreed to share.
l|We went through {child}'s budget. Rent and gas are paid, but there is little left for food by the end of the month.
l|{child} talked about the college course and said {sub:is} finding the early starts hard.
l|We talked about {child}'s plans for work and the apprenticeship fair next month.
l|{child} asked for help with a letter from the council about council tax.
l|We looked at the pathway plan together and updated the section on health.
We talked about the {meeting} next week and what {child} would like said there.
I explained my role again and what will happen next.
`)
	visitConcerns = lines(`
+|None raised today.
+|No new concerns today.
h-|{parent} seemed low and said {psub} is not sleeping well. I have suggested {psub} speaks to the GP.
h-|There was very little food in the fridge and cupboards.
h-|The kitchen was dirty and there were dirty nappies in the bathroom bin overflowing onto the floor.
ho-|{parent} said {other} had sent several angry messages this week. {parent} has kept them and will show the police.
hs-|{child} has missed {n} days of school this month without a reason given.
hy-|{child} has missed the two-year health review, which has been rebooked twice.
h-|There was a strong smell of cannabis in the hallway. {parent} said a friend had been round.
ht-|{child} has been seen with older young people in the town centre late at night.
ht-|{child} said {sub:sometimes goes} to a flat in {town} with older friends. This needs following up.
h-|The back door lock is still broken and the house is not secure at night.
c-|{carer} is worried that {child} has been taking food and hiding it in {pos} room.
c|{child} has said {sub:does} not want to go to the next family time.
ct-|{child} went missing overnight on Friday and was found by the police in {town} the next morning.
l-|{child} has rent arrears of about two hundred pounds.
l|{child} said a friend has been staying at the flat and {sub:is} not sure how to ask them to leave.
+|No concerns about {child}'s safety were seen or raised.
`)
	visitObservations = lines(`
h+|The home was warm, tidy and there was food in the cupboards.
h+|The living room was cluttered but clean, and there was space for {child} to play.
h+|{child}'s bedroom was clean, with a made bed and toys on the shelves.
h-|There were three bags of rubbish by the back door and the kitchen sink was full.
h+|{parent} was warm with {child} and responded quickly when {sub} needed something.
hy+|{child} was clean and dressed for the weather. {parent} changed {pos} nappy during the visit and talked to {obj} throughout.
hy+|{child} crawled around the room and brought toys to {parent}, who praised {obj}.
hy+|{child}'s cot was clean, with no pillows or loose bedding.
hs+|{child} was in {pos} school uniform and showed me {pos} reading book.
hs|{child} was playing on the tablet when I arrived and put it down when {parent} asked.
ht|{child} stayed in {pos} room for most of the visit and came down when asked.
ht+|{child}'s room was tidy and there were posters of {pos} favourite football team on the walls.
h|{parent} appeared tired but engaged well and answered all my questions.
h-|The damp on the bedroom wall is worse than at the last visit and the room smelled musty.
c+|The foster home was warm and welcoming. {child}'s room has {pos} own things in it and photographs of the family.
c+|{child} and {carer} were relaxed together and joked about the dog.
c+|{child} looked well and had had a haircut.
c-|{child}'s room was messy and {carer} said {sub:has} been refusing to tidy it.
c-|{child} looked tired and said {sub} had not slept well.
{child} was dressed for the weather.
l|The flat was clean but cold; the heating was off to save money.
l+|There was food in the fridge and the flat was tidy.
l-|The flat was untidy with washing up piled in the sink, but it was safe.
+|{child} looked well, was clean and appropriately dressed.
+|{child} appeared happy and relaxed throughout the visit.
`)
	visitAnalysis = lines(`
+|Improving: the routines agreed at the last review are being kept most days.
+|Things are stable at the moment and the plan is working.
h-|{parent} is meeting {child}'s basic needs, but the home conditions need to improve before we can step down.
h+|{parent} is making real efforts and the changes are showing in {child}'s attendance and mood.
h-|I remain worried about neglect. The home conditions have not improved since the last visit despite support.
h+|The risks have reduced since {parent} started working with the family support worker.
ho-|The main risk remains {other}'s contact with the family. The safety plan is being followed for now.
hy+|{child} is meeting {pos} milestones and is well cared for, but {parent} needs help with money and housing.
ht-|The risk of exploitation is rising and should be discussed at the next {meeting}.
c+|The placement is meeting {child}'s needs and {sub:is} settled.
c-|{child} is settling, but family time unsettles {obj} and the arrangements should be reviewed.
c+|{child} is doing well in placement; the plan for permanence should be progressed.
l|{child} is managing the tenancy but needs more help with budgeting.
l+|{child} is doing well and is more confident than at the last review.
There is nothing today to change the current plan.
`)
	childViewsYoung = lines(`
{child} was content and settled throughout the visit.
y|{child} is too young to say what {sub:thinks}. {child} smiled, babbled and reached for {parent} when I came in.
y|{child} cannot yet tell me in words. {child} played happily and went to {parent} for comfort when the doorbell rang.
y|{child} said “Mummy” and “car” and showed me {pos} toy bus.
y|{child} is a baby. {child} was settled in {parent}'s arms and made good eye contact with me.
cy|{child} went straight to {carer} for a cuddle and showed me {pos} new shoes.
y|{child} said “no” when I asked to see {pos} room and then took me there to show me {pos} teddy.
`)
	childViewsChild = lines(`
{child} said things are “about the same” as last time.
s+|{child} said: “I like my teacher. She is kind and lets me do the jobs.”
s|{child} said {sub:is} happy at home but {sub:does} not like it when people shout.
s|{child} showed me a drawing of the family and said: “That's me and that's {call}, we're at the park.”
so|{child} said {sub:wants} to see {other} more.
s|{child} said school is “OK” and that {pos} favourite thing is football at lunchtime.
s+|{child} said {sub:feels} safe at home and would tell {pos} teacher if anything was wrong.
s|{child} said: “{call} is sad sometimes but getting better.”
s|{child} did not want to talk today and said: “Can I go and play now?”
s|{child} said {sub:is} worried about {call} when {sub:is} at school.
s-|{child} said: “I don't like the mould on my wall, it smells.”
cs+|{child} said: “I like living here. {carer} makes pancakes on Sundays.”
cs|{child} said {sub:misses} {call} and {sub:wants} to see {pobj} more often.
cs+|{child} said: “I want to stay here until I am big.”
t-|{child} said: “I just want everyone to leave us alone.”
t+|{child} said school is boring but {sub:has} made a new friend in {pos} form.
t|{child} said: “I'm fine. Honestly, there's nothing to say.”
t-|{child} said {sub:goes} out with friends because home is “too much” at the moment.
t|{child} said {sub:wants} to do hair and beauty at college.
t|{child} said: “My phone is my business.”
ct|{child} said {sub:likes} {carer} but {sub:does} not like the house rules about phones at night.
ct-|{child} said: “I want to go home. Why can't I go home?”
l+|{child} said: “I'm doing alright. The flat's cold but I'm managing.”
l-|{child} said {sub:is} worried about the gas bill and {sub:does} not want to get into debt.
l+|{child} said {sub:is} enjoying college and {sub:wants} to go on to university.
l|{child} said: “I don't need a social worker any more, but it's good to know you're there.”
`)
	visitWhoNotSeen = lines(`
{child} was at school when I arrived; I will see {obj} at school next week.
{child} was staying with a friend and {parent} did not know when {sub} would be back.
y|{child} was asleep and {parent} asked me not to wake {obj}. I saw {child} asleep in the cot.
g|{child} was staying with {gran} for the weekend.
`)
	visitNotAlone = lines(`
y|{child} is too young to be seen alone.
h|{parent} stayed in the room as {child} was unsettled.
h|There was no private space; everyone was in the front room.
h|{child} did not want to talk without {parent} there today. I will try again at school.
c|{carer} stayed nearby as {child} asked {carer} to.
l|{child}'s friend was at the flat and {child} wanted them to stay.
I did not have enough time on this visit. I will see {child} alone next time.
`)
	visitNoBedroom = lines(`
{parent} said the room was untidy and asked me to come back another day.
Time ran out; I will see the bedroom on the next visit.
{child} did not want me in {pos} room and I respected that.
The bedroom was seen on the last visit and nothing has changed since.
`)
)

// Actions agreed in records: "what ## who", where who is the worker,
// the manager, the parent, the carer, the young person or the school.
var actionWhat = lines(`
Book the next {meeting} ## worker
Ask the school for an attendance report ## worker
s|Send a weekly attendance report to the worker ## school
h|Refer {parent} to the local food bank ## worker
h|Chase the housing repairs with the landlord ## parent
Arrange a dental check for {child} ## parent
Complete the next direct work session with {child} ## worker
h|Send {parent} the details of the parenting course ## worker
h|Go to the parenting course on Tuesdays ## parent
h|Update the safety plan and share it with the family ## worker
Check with the GP about missed health appointments ## worker
c|Arrange family time for the school holidays ## worker
c|Update the placement plan with {carer} ## worker
c|Keep a diary of {child}'s sleep for two weeks ## carer
l|Complete the pathway plan review ## worker
l|Help {child} apply for a bus pass ## worker
l|Make an appointment with the job centre ## child
l|Pay the gas bill from the next payment ## child
Share the minutes with everyone who attended ## worker
Visit again within two weeks ## worker
h|Make a referral to the family support service ## worker
ht|Make a referral to the young people's substance misuse service ## worker
ht|Complete an exploitation screening tool ## worker
Ask the health visitor to visit ## worker
Review the plan in supervision ## manager
`)

// Phone calls, by who the call was with.
var (
	callParentHeadlines = lines(`
Call from {parent} about {child}
Call to {parent} to arrange the next visit
Call from {parent} asking for help with money
hs|Call to {parent} about {child}'s school attendance
Call to {parent} after the {meeting}
ho|Call from {parent} about contact with {other}
`)
	callParentPurposeIn = lines(`
{parent} rang to ask for help with a food voucher.
{parent} called to say {child} had been unwell and would miss the appointment.
{parent} rang to ask when I would next visit.
{parent} rang to talk about {child}.
-|{parent} rang because {psub} was struggling with {child}'s behaviour.
`)
	callParentPurposeOut = lines(`
To arrange the next home visit.
To follow up the actions from the {meeting}.
To check how things have been since the last visit.
h|To talk about the referral to the family support service.
hs|To talk about {child}'s attendance this term.
`)
	callParentContent = lines(`
+|{parent} said things have been calmer this week.
-|{parent} said {psub} could not cope with {child}'s behaviour. We talked it through and agreed I would visit on {next}.
We agreed a visit on {next} at 10am.
-|{parent} said the electricity has been cut off. I gave the number of the council's hardship fund and will ring back tomorrow.
+|{parent} said {child} is much better and back at school.
{parent} asked why the school had rung social care. I explained the school's duty to share worries and that it was the right thing to do.
ho-|{parent} said {other} turned up outside the house on Saturday. {parent} did not let {other} in and rang the police.
+|{parent} agreed to the referral and is happy for me to share {ppos} number.
-|{parent} said {psub} had forgotten the appointment and apologised. We have rebooked it for {next}.
The call was short as {parent} was at work. We will speak again on {next}.
`)
	callProHeadlines = map[string]bank{
		"school": lines(`
Call to the school to check {child}'s attendance
Call from {proname} about {child}
Call with the school before the {meeting}
`),
		"health": lines(`
Call from the health visitor after a missed appointment
Call to the GP surgery about {child}
Call from {proname} about {child}
`),
		"police": lines(`
Call from {proname} about an incident
Call to the police to share the plan
`),
		"carer": lines(`
Call to {carer} to arrange the next visit
-|Call from {carer} about {child}'s behaviour at home
+|Call from {carer} with an update on {child}
`),
	}
	callProPurpose = lines(`
To share information before the {meeting}.
To check whether {child} has been seen recently.
To ask for a report for the {meeting}.
To agree who will do what before the next review.
`)
	callProPurposeIn = lines(`
{proname} rang to share a worry about {child}.
{proname} rang for an update before the {meeting}.
{proname} rang to check who the allocated worker is.
`)
	callProContent = map[string]bank{
		"school": lines(`
The school said {child}'s attendance is {pct}% this term and {sub:has} been late {n} times.
-|The school said {child} came in hungry twice this week and was given breakfast at the breakfast club.
+|The school said {child} has been more settled in class since the last meeting.
{proname} agreed to send a written report before the {meeting}.
+|{proname} has no new concerns and will let me know if anything changes.
We agreed to speak again after the {meeting}.
`),
		"health": lines(`
{proname} said {child} was last seen at the surgery {n} weeks ago and nothing of concern was noted.
{proname} agreed to send a written report before the {meeting}.
+|{proname} has no new concerns and will let me know if anything changes.
-|{proname} said the family missed two appointments and has been sent a letter.
y+|{proname} said {child}'s weight is on the right centile and the family has been engaging well.
We agreed to speak again after the {meeting}.
`),
		"police": lines(`
{proname} said there have been no call-outs to the address since the last meeting.
-|{proname} said officers were called to the address on Saturday night after a neighbour heard shouting.
{proname} agreed to share the incident log before the {meeting}.
`),
		"carer": lines(`
+|{carer} said {child} had a good weekend and enjoyed the trip to the seaside.
-|{carer} said {child} had been refusing to go to bed and shouted at {carer} when asked.
{carer} asked for the dates of the school holidays family time.
+|{carer} said {child} got a certificate at school for good effort.
We agreed a visit on {next}.
`),
	}
	callYoungHeadlines = lines(`
Call with {child}
l|Call with {child} about the pathway plan
l|Call from {child} about money
t|Call with {child} to check in after the weekend
l|Call from {child} about a problem with the flat
`)
	callYoungContent = lines(`
l-|{child} rang because {pos} universal credit payment was late. We went through what to do and I gave {obj} the food bank number.
l-|{child} said the boiler has broken. I rang the housing officer, who will send someone tomorrow.
l+|{child} said {sub:is} doing well at college and {sub:has} been offered a part-time job.
t|{child} said the weekend was fine and {sub} stayed in on Saturday night.
t|{child} did not want to talk for long but said {sub:is} OK.
{child} asked me to ring back next week.
`)
)

// Information from other agencies, by agency: "headline ## what they
// said", then perhaps what they will do next.
var (
	infoSchool = lines(`
Update from the school ## The school shared an update on {child}'s progress and attendance.
s-|School reports attendance has dropped to {pct}% this term ## The designated safeguarding lead said {child}'s attendance is {pct}% this term, down from 94% last term.
s-|School shares concern about {child} arriving hungry ## {child} told {pos} teacher that there was no breakfast at home this morning. Staff gave {obj} toast at the breakfast club.
s-|School reports an injury seen on {child}'s arm ## Staff noticed a bruise on {child}'s upper arm during PE. {child} said {sub} fell off {pos} bike.
s-|School reports {child} is tired in lessons ## {child} has been tired in lessons and fell asleep twice this week.
s+|School update: {child} is more settled in class ## The school said {child} has been more settled and is working well with {pos} teaching assistant.
s-|School reports {child} was collected late three times ## {child} was collected late on three days this week and was upset by it.
st-|School reports {child} is leaving the site in the afternoons ## The school said {child} has been missing lessons in the afternoons and has been seen leaving the site.
s+|School reports good attendance this term ## The school said {child}'s attendance is 97% this term and {sub:is} doing well in English.
`)
	infoSchoolNext = lines(`
s|The school will keep a daily record and share it before the next {meeting}.
s|The school has offered {child} a place at the breakfast club free of charge.
s|The school will invite {parent} to a meeting with the head of year.
s|The school will let me know if anything changes.
`)
	infoHealth = lines(`
-|GP letter: {child} missed two appointments ## The GP said {child} was not brought to two appointments for {pos} asthma review.
y-|Health visitor: {child} has not been brought to the review ## The health visitor said {child} has not been brought to the two-year review and the family has not answered calls.
y-|Health visitor: {child}'s weight has dropped ## The health visitor said {child}'s weight has dropped from the 50th to the 25th centile.
h-|GP shares concern about {parent}'s mental health ## The GP said {parent} has been prescribed medication for depression and has been referred for talking therapy.
Hospital discharge summary after {child}'s attendance at A&E ## {child} was seen at A&E with a cut to {pos} head. The hospital was satisfied with the explanation given.
+|GP: no concerns ## The GP has no concerns and said {child} is up to date with {pos} immunisations.
School nurse update on {child}'s health ## The school nurse said {child} has head lice again and the family has been given treatment.
y+|Health visitor: {child} is meeting milestones ## The health visitor said {child} is meeting {pos} milestones and the family is engaging well.
`)
	infoHealthNext = lines(`
The GP will send a written report before the {meeting}.
The health visitor will visit again in two weeks.
A new appointment has been sent to the family.
`)
	infoPolice = lines(`
-|Police notification: officers called to the home ## Officers were called at 11pm after neighbours reported shouting. No offences were found and the children were asleep.
ho-|Police report a domestic incident involving {other} ## Police attended after {parent} reported that {other} was at the door and refused to leave. {other} was arrested for breaching the non-molestation order.
t-|Police report {child} was found in {town} late at night ## {child} was found by officers in {town} at 1am with two older young people and was brought home.
-|Police share information about an adult visiting the home ## Police said an adult known to them has been seen visiting the address. They will share more at the strategy discussion.
+|Police investigation closed ## The police have closed the investigation with no further action.
Police update for the {meeting} ## The police checked their records before the {meeting} and have nothing new to share.
`)
	infoPoliceNext = lines(`
The police will share the incident log with the team.
The police will attend the next {meeting}.
No further action by the police.
`)
)

// Contact notes (family time) and direct sessions.
var (
	contactHeadlines = lines(`
Family time with {parent}
c|Family time: {child} with {parent} at the family centre
c|Supervised family time with {parent}
co|Family time with {other}
c|Family time: {child} and {parent} at the park
h|Contact session at the family centre
`)
	contactPurpose = lines(`
For {child} to spend time with {parent} as set out in the care plan.
To keep {child}'s relationship with {parent} going while {sub:is} in care.
To observe how {parent} and {child} get on, for the parenting assessment.
Supervised family time, agreed at the last review.
`)
	contactWhatHappened = lines(`
+|{parent} arrived on time with snacks and a game. {child} ran to {pobj} and they played together for most of the session.
-|{parent} arrived 25 minutes late. {child} was anxious while waiting and kept asking if {parent} was coming.
+|{parent} and {child} made a cake using the centre kitchen and took photos together.
-|{parent} talked to {child} about going home. I reminded {parent} this should not be discussed and {psub} changed the subject.
{child} was quiet at first and warmed up after ten minutes. They read two books together.
+|{parent} brought a present for {child}'s birthday. {child} was delighted and hugged {pobj}.
-|The goodbye was hard. {child} cried and {parent} reassured {obj} that they would see each other next week.
-|{parent} was on {ppos} phone for part of the session and I prompted {pobj} to put it away.
+|{parent} praised {child} often and managed {pos} behaviour calmly when {sub} threw a toy.
`)
	contactRisks = lines(`
+|No risks were seen during the session.
+|None seen.
-|{parent} appeared to be under the influence of alcohol and the session was ended early. {child} was told {parent} was unwell.
-|{parent} whispered to {child} and I could not hear what was said. I reminded {parent} of the agreement.
+|No risks to {child}, {parent} or staff.
`)
	contactNext = lines(`
The next session is on {next} at the family centre.
Next family time is on {next}, same time and place.
The next session will be on {next}, at the park if the weather is good.
To be confirmed after the review; {carer} will be told the date.
`)
	directSessions = lines(`
Direct work with {child} about {pos} worries ## To hear from {child} what {sub:worries} about and what is going well.
Direct work: three houses with {child} ## To find out how {child} feels about home and school.
Direct work with {child} about why a social worker visits ## To help {child} understand why a social worker is involved.
s|Session with {child} about school ## To find out how {child} feels about school and what would help.
c|Life story work with {child} ## To help {child} understand {pos} story and why {sub:lives} with {carer}.
t|Session with {child} about staying safe online ## To talk about staying safe online and who {child} talks to.
Direct work with {child} about who is in {pos} family ## To hear who {child} feels close to and who {sub} would like to see more.
l|Session with {child} on budgeting ## To work out a weekly budget together.
Session with {child} before the {meeting} ## To prepare {child} for the {meeting} and hear what {sub:wants} said.
`)

	directMethod = lines(`
The three houses tool: house of worries, house of good things and house of dreams.
Drawing and talking, using a family tree.
A worry monster and feelings cards.
s|The Signs of Safety words and pictures story.
t|A conversation while we walked to the shop, then a look at apps on {pos} phone.
c|We looked at photographs and started a page of the life story book.
l|A budget sheet and {pos} bank statement.
Sand tray and small figures.
`)
	directOutcome = lines(`
+|{child} was able to name two worries and one thing that would help.
{child} drew {pos} family and said who {sub:feels} closest to.
{child} now knows who to talk to at school if {sub:is} worried.
We agreed a plan for the next session.
{child} was happy for me to share the drawing at the {meeting}.
l|{child} now has a weekly budget and knows how much is left for food.
`)
	directObservations = lines(`
{child} engaged well for about twenty minutes and then wanted to play.
-|{child} was guarded at first and opened up when we moved to drawing.
+|{child} seemed relieved to talk about {pos} worries.
{child} was tired after school and the session was kept short.
+|{child} laughed a lot and was proud of {pos} drawing.
`)
)

// Case discussions, meetings and decisions.
var (
	discussionHeadlines = lines(`
Supervision: review of progress on the {plan}
Case discussion with the team manager about next steps
Group supervision: {child}'s case presented
Supervision: review of risk and the plan
Case discussion before the {meeting}
`)
	discussionText = lines(`
+|We reviewed the visits since the last supervision. {child} has been seen regularly and the plan is on track.
We talked about the school's worries about attendance and whether the plan needs to change.
-|We reviewed the chronology and the pattern of missed health appointments.
The worker described the home conditions at the last two visits and the support offered.
-|We considered whether the threshold for a child protection conference is met.
We discussed the parenting assessment and what the family support worker has seen.
c|We reviewed the placement and the plan for family time.
l|We reviewed the pathway plan and {child}'s move to independent living.
We talked about the worker's caseload and what can wait.
We reflected on {parent}'s engagement and what has helped.
`)
	discussionDecisions = lines(`
+|Continue with the current plan and review in four weeks.
Visit every two weeks until the {meeting}.
Hold a professionals' meeting to agree a shared plan.
Ask the school and GP for updated reports.
-|Step up the frequency of visits to weekly.
h+|Consider stepping down to early help at the next review.
Refer to the family support service for routines work.
+|No change to the plan.
`)
	meetingHeadlines = lines(`
{meetingname} to review the {plan}
{meetingname} for {child}
{meetingname}: progress and next steps
`)
	meetingDiscussion = lines(`
Each professional shared an update. The school said attendance is {pct}% and {child} is more settled.
+|{parent} said things have improved and asked for the plan to end.
The health visitor shared the outcome of the last review.
+|The GP sent a report: no new concerns.
We went through each action on the plan. Most are done; the housing referral is still waiting.
-|The police shared two call-outs to the address since the last meeting.
{child}'s views were shared by the worker from the last direct work session.
c|{carer} gave an update on the placement and family time.
l|{child} attended and spoke about college and the flat.
`)
	meetingDecisions = lines(`
The plan will continue and be reviewed in three months.
+|The plan will end; the family will be supported by early help.
-|The child protection plan will continue under the category of neglect.
-|{child} will be subject to a child protection plan under the category of emotional abuse.
Core group meetings will be held every six weeks.
The school will refer {child} for a mentor.
The worker will complete a new assessment.
No further action by the police.
`)
	decisions = lines(`
+|Case to continue under the {plan} ## The case will continue under the {plan} and be reviewed at the next {meeting}.
h+|Step down to early help agreed ## Step down to early help at the end of the month, with a handover meeting.
h-|Convene an initial child protection conference ## Convene an initial child protection conference within 15 working days.
+|Agree a further three months of family support ## A further three months of family support, reviewed at the next {meeting}.
Agree the frequency of visits ## Visits to be every two weeks until the next review.
-|Visits to increase to weekly ## Visits to be weekly until the {meeting}, and {child} to be seen alone each time.
c+|Agree the plan for permanence ## Proceed with the plan for long-term foster care with {carer}.
l|Agree the pathway plan ## Agree the pathway plan and the support with the tenancy.
`)

	decisionRationale = lines(`
+|The plan is working and {child} is safer than three months ago.
-|The risks have not reduced despite support and {child} remains at risk of significant harm.
+|{parent} is engaging well and the family support worker has seen real change.
+|The school and health visitor report no new concerns.
The worker's assessment is thorough and I agree with the analysis.
+|The family want the plan to continue and the professionals agree.
-|The school and GP both report new worries in the last month.
-|{parent} has not engaged with the plan and has missed three appointments.
`)
	closeDecisions = lines(`
Close the case: the plan's outcomes have been met.
Close the case; needs are now met by universal services.
h|Close the case and step down to early help.
`)
	closeRationale = lines(`
The plan's outcomes have been met and the family agree the case can close.
{child} is safe and well and there are no outstanding concerns.
The school and GP have been told of the closure and know how to refer again if needed.
The family know how to ask for help in future.
`)
)

// Emails and letters, by who wrote to whom.
var (
	emailToParentHeadlines = lines(`
Letter to {parent} confirming the next visit ## Next visit on {next}
Letter to {parent} with the minutes of the {meeting} ## Minutes of the {meeting}
Email to {parent} with the updated plan ## Updated {plan}
`)
	emailToParent = lines(`
Confirming the visit on {next} at 10am, and that I will want to see {child} alone.
Sending the minutes of the {meeting} and the updated plan.
Reminding {parent} of the appointment with the health visitor on {next}.
Thanking {parent} for meeting with me and listing what we agreed.
`)
	emailFromParentHeadlines = lines(`
Email from {parent} asking to change the visit ## Change of visit
Email from {parent} about {child} ## {child}
`)
	emailFromParent = lines(`
{parent} asked to move the visit because of a hospital appointment.
{parent} wrote that {child} has been much happier this week.
{parent} asked for a copy of the assessment.
{parent} wrote that {psub} does not agree with parts of the minutes and asked for {ppos} view to be added.
`)
	emailToProHeadlines = lines(`
Email to {proname} asking for a report ## Report for the {meeting}
Email to {proname} with the minutes of the {meeting} ## Minutes of the {meeting}
`)
	emailToPro = lines(`
Asking for a short report on {child} for the {meeting}.
Sending the minutes of the {meeting} and the updated plan.
Thanking everyone for coming to the meeting and listing the actions agreed.
`)
	emailFromProHeadlines = lines(`
Email from {proname} about {child} ## {childFull}
Email from {proname} with a report for the {meeting} ## Report for the {meeting}
`)
	emailFromPro = lines(`
s|The school wrote that {child}'s attendance this term is {pct}%.
The report for the {meeting} is attached to the email and summarised here: no new concerns.
{proname} asked to be sent the date of the next {meeting}.
l|The tutor said {child} has been attending well and handed in the last assignment on time.
c|{carer} asked whether {child} can go on holiday with the family in August.
`)
)

// Family and parenting intervention sessions (early help).
var (
	interventionNames = lines(`
Positive routines: bedtime
Parenting programme, session 3
Managing behaviour at home
Home conditions and budgeting
Solution-focused family session
Speech and play at home
`)
	interventionPurpose = lines(`
To work with {parent} on a calm bedtime routine for {child}.
To practise using praise and clear instructions.
To make a weekly plan for cleaning and shopping.
To talk about what is working and what the family wants to change.
y|To show {parent} simple games that help {child}'s speech.
`)
	interventionActivities = lines(`
We made a picture chart of the bedtime routine with {child} and put it on the fridge.
We practised giving one clear instruction at a time and praising straight away.
We went round the house together and made a list of jobs for each day.
We used scaling questions: {parent} put things at 6 out of 10, up from 4 last month.
y|We played with blocks and books and I showed {parent} how to name things for {child}.
We watched a short video and talked about it.
`)
	interventionObservations = lines(`
{parent} was engaged and asked good questions.
{parent} was tired and found it hard to concentrate, but joined in.
{child} copied {parent} and enjoyed the praise.
The home was tidier than at the last session.
`)
	interventionOutcome = lines(`
Mostly achieved: the chart is in place and {parent} will try it this week.
Partly achieved: we ran out of time and will finish next session.
Achieved: {parent} used praise several times during the session.
`)
	interventionWorries = lines(`
{parent} is still worried about money and may need a referral to debt advice.
None.
{child}'s speech is behind; a referral to speech and language therapy may be needed.
`)
)

// Key events, by type: "headline ## detail".
var keyEvents = map[string]bank{
	"court_hearing": lines(`
c|Interim care order made at family court ## An interim care order was made at the family court in {town}. The next hearing is in six weeks.
Hearing adjourned at family court ## The court adjourned the hearing for a further assessment of {parent}.
c|Final hearing listed ## The final hearing is listed for three days next month.
`),
	"placement_change": lines(`
{child} moved to a new foster placement ## {child} moved to a new foster placement with {carer}.
c|Planned move to a new placement ## {child} moved after the previous carers gave notice. The move was planned over two weeks.
`),
	"assessment_completed": lines(`
Child and family assessment completed ## The child and family assessment was completed and shared with the family.
h|Parenting assessment completed ## The parenting assessment was completed. It recommends continued support under the plan.
h|Assessment completed: step down recommended ## The assessment found {child}'s needs are being met and recommends stepping down.
`),
	"became_looked_after": lines(`
{child} became looked after under section 20 ## {child} became looked after under section 20 with {parent}'s agreement.
{child} became looked after ## {child} became looked after under an interim care order.
`),
	"other": lines(`
Health assessment completed ## {child}'s health assessment was completed and the report shared with the team.
s|{child} started at a new school ## {child} started at {school}.
s|Fixed-term exclusion from school ## {child} was excluded from school for two days after a fight in the playground.
h|The family moved house ## {parent} and the children moved to a new address in {town}.
l|{child} moved into {pos} own flat ## {child} moved into a council flat in {town} with help from the leaving care team.
`),
}
