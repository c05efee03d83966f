#pragma once
// The planner's judgement as data: where each education answer stands on a route, which stage holds
// the degree, and the rules that score or rule out routes (the `recommendation:` section of a flow file,
// intents/README.md "Flows"). The planner (planner.cpp) only applies them, so a counsellor can change
// a weight or add an education level without C++.
//
// Thread-safety: immutable after load.

#include <map>
#include <string>
#include <vector>

#include "common/record_file.hpp"

namespace careerbot::dialog {

// Where a student with one `education` answer stands on every route.
struct EducationStanding {
  enum class From { start, degree, after_degree };
  From from = From::after_degree;         // the first step still ahead: the first, the degree, or after it
  bool before_degree = false;             // has no degree yet: the degree field is not asked about
  bool in_school = false;                 // not past class 11: told to finish 10+2 first
  bool studying_degree = false;           // the degree is under way: time counts from its end
  bool counts_experience = false;         // years of experience cover experience steps
  std::vector<std::string> holds_stages;  // stages already done by holding this education
  // `combines: [working, masters, phd]`: this answer is the first of them (a stage) said with a degree
  // held among the rest, together or apart ("a data analyst for 2 years, with an MSc")
  std::vector<std::string> combines;
  int rank = 0;  // how far along: the answer's place in the file's list
};

// One rule: when the student's answers hold, every route that matches gets `score` (and `reason`,
// worded in the flow's `reasons:`), or is ruled out.
struct PlanRule {
  std::map<std::string, std::vector<std::string>> when;    // slot -> any of these values
  std::map<std::string, std::vector<std::string>> unless;  // slot -> none of these values
  std::vector<std::string> route_fits;                     // the route fits one of these (overlay `fits`)...
  std::vector<std::string> route_stages;                   // ...or has a step of one of these stages
  bool route_experience = false;            // ...or has an experience step the student already covers
  std::vector<std::string> route_not_fits;  // and fits none of these
  int score = 0;
  std::string reason;
  bool exclude = false;
  std::size_t line = 0;
};

struct PlanRules {
  std::string degree_stage;                    // the step a degree_field answer is checked against
  std::string related_field;                   // words in that step that accept a related field
  std::vector<std::string> unnamed_fields;     // degree_field values no step names
  std::vector<std::string> no_degree_fields;   // degree_field values that mean "no degree yet"
  std::vector<std::string> experience_stages;  // steps experience can cover
  std::vector<std::string> streams_met;        // stream answers that meet the 10+2 requirement
  std::vector<std::string> streams_undecided;  // stream answers that say "not decided"
  int field_missing_score = 0;                 // added when the degree field is not one a route names
  std::map<std::string, EducationStanding, std::less<>> education;  // "unknown": not answered
  std::vector<PlanRule> rules;  // applied in order (reasons are listed in this order)

  // The standing of an education answer ("" = not answered); unlisted values stand after the degree.
  const EducationStanding& standing(const std::string& education) const;
  // True when education answer `later` is listed before `known`: "12th was PCM" said by a graduate is
  // their past, not a step back.
  bool earlier_stage(const std::string& later, const std::string& known) const;
  // The education answer that combines stage `stage` with degree `held` (`combines`), or "" when none
  // does: ("working", "masters") is "working_masters".
  std::string combined(const std::string& stage, const std::string& held) const;
  // A stream answer the guide neither allows nor rules out (commerce, arts, ...).
  bool stream_unclear(const std::string& stream) const;

  // Reads the `recommendation:` section; throws ContentError (file:line) for unknown keys, a `from` that is
  // none of start, degree, after_degree, or a score that is no whole number.
  static PlanRules read(const RecordNode& node);
};

}  // namespace careerbot::dialog
