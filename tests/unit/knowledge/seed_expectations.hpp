#pragma once
// An independent transcription of the seed page tests/data/seeds/machine-learning-specialist.txt,
// taken line by line from the page (whitespace cleaned: "Engineering ." -> "Engineering."), NOT from
// the importer. The completeness tests check the built database against it.

#include <string>
#include <vector>

namespace careerbot::knowledge::testing::seed {

inline const std::vector<std::string> kAreas = {
    "Machine Learning Model Development", "Data Collection and Preprocessing",
    "Model Training and Evaluation",      "Model Deployment and Integration",
    "Performance Optimization",           "Research and Experimentation",
    "Collaboration and Reporting",        "Monitoring and Maintenance",
};
inline const std::vector<std::string> kResponsibilityItems = {
    "Design and develop machine learning algorithms for tasks like classification, regression, clustering, "
    "and recommendation.",
    "Select appropriate models (e.g., decision trees, neural networks) based on problem requirements and "
    "data characteristics.",
    "Gather and clean large datasets to ensure high-quality input for training machine learning models.",
    "Perform feature engineering to extract meaningful variables and improve model performance.",
    "Train machine learning models using labeled or unlabeled data, optimizing for accuracy, precision, and "
    "recall.",
    "Evaluate model performance using metrics like cross-validation, confusion matrix, or mean squared "
    "error.",
    "Deploy trained models into production environments, integrating them with applications or business "
    "systems.",
    "Ensure models operate efficiently in real-time or batch processing scenarios on cloud or edge "
    "platforms.",
    "Fine-tune models to address issues like overfitting, underfitting, or computational inefficiency.",
    "Use techniques like hyperparameter tuning or regularization to enhance model accuracy and speed.",
    "Research new machine learning techniques, libraries, and methodologies to improve existing solutions.",
    "Experiment with different algorithms or ensemble methods to solve complex, domain-specific problems.",
    "Collaborate with data scientists, engineers, and stakeholders to align machine learning solutions with "
    "business objectives.",
    "Present model results, insights, and recommendations to technical and non-technical audiences.",
    "Monitor deployed models for performance degradation or data drift, retraining as necessary.",
    "Update models with fresh data to adapt to changing patterns or business needs.",
};
inline const std::vector<std::string> kRoute1Steps = {
    "10+2 with Science or relevant subjects.",
    "Bachelor’s degree in Computer Science, Information Technology, or Engineering.",
    "Gain practical experience through internships or training in machine learning or data science roles.",
    "Pursue entry-level roles like Junior Machine Learning Engineer or Data Analyst.",
};
inline const std::vector<std::string> kRoute2Steps = {
    "10+2 with Science or relevant subjects.",
    "Bachelor’s degree in Computer Science, Data Science, or related field.",
    "Master’s degree in Machine Learning, Data Science, or Computer Science.",
    "Work in data analysis or software development roles to gain experience.",
    "Transition to Machine Learning Specialist roles with enhanced skills and knowledge.",
};
inline const std::vector<std::string> kRoute3Steps = {
    "10+2 with Science or relevant subjects.",
    "Bachelor’s degree in Computer Science, Engineering, or related field.",
    "Pursue professional certifications like Google Professional Machine Learning Engineer or Coursera ML "
    "courses.",
    "Gain hands-on experience through roles in machine learning or data science.",
    "Establish a career as a Machine Learning Specialist in tech or research sectors.",
};
inline const std::vector<std::string> kRoute4Steps = {
    "10+2 with Science or relevant subjects.",
    "Bachelor’s degree from India in Computer Science or Engineering.",
    "Pursue international certifications or advanced degrees in machine learning abroad.",
    "Gain exposure through roles in global tech firms or research labs.",
    "Work as a Machine Learning Specialist in international markets or global firms.",
};
inline const std::vector<std::string> kAcademicTitles = {
    "Technical Foundation", "Practical Skills",          "Specialized Certifications", "Industry Expertise",
    "Analytical Focus",     "Certification Relevance",   "Continuous Learning",        "Global Awareness",
    "Precision Focus",      "Entrance Exam Preparation", "International Standards",
};
inline const std::vector<std::string> kAcademicTexts = {
    "Strong knowledge of computer science, statistics, or mathematics is essential for mastering machine "
    "learning concepts.",
    "Hands-on training in data analysis and programming builds core competencies in model development.",
    "Credentials in machine learning or data science enhance professional credibility.",
    "Familiarity with ML applications and emerging trends is crucial for relevant solutions.",
    "Understanding data patterns and algorithms ensures effective model design.",
    "Some positions may mandate specific certifications from recognized tech or ML bodies.",
    "Regular training is needed to keep up with evolving ML frameworks and techniques.",
    "Knowledge of international ML trends opens opportunities for cross-border tech roles.",
    "Attention to detail is vital for accurate data preprocessing and model evaluation.",
    "Admission to certain programs or competitive roles may require clearing entrance tests.",
    "For global roles, qualifications or certifications from international tech organizations may be "
    "required.",
};
inline const std::vector<std::string> kInternships = {
    "Mandatory practical training during degree programs in data science or machine learning units for "
    "real-world insights.",
    "Rotations in tech companies or research labs for hands-on experience in model training and data "
    "preprocessing.",
    "Internships under senior machine learning specialists for exposure to real-time predictive modeling "
    "projects.",
    "Observerships in data-driven startups or innovation hubs for insights into cutting-edge ML "
    "applications.",
    "Participation in machine learning competitions (e.g., Kaggle) and hackathons for practical skill "
    "development.",
    "Training in ML frameworks and data tools through real-world engagements in tech projects.",
    "Exposure to tools like Scikit-learn, TensorFlow, and cloud platforms during internships.",
    "Field projects on predictive analytics, clustering, or recommendation systems during training.",
    "Community outreach programs to engage with local tech initiatives and understand ML implementation "
    "needs on the ground.",
    "International ML project attachments for global exposure to diverse data challenges and standards.",
};
inline const std::vector<std::string> kCourses = {
    "Certificate in Machine Learning",
    "Bachelor’s in Computer Science, Information Technology, or Data Science",
    "Master’s in Machine Learning, Data Science, or Computer Science",
    "Ph.D. in Machine Learning or Data Science",
    "Specialization in Predictive Analytics and Classification Models",
    "Certification in Google Professional Machine Learning Engineer",
    "Workshops on Supervised and Unsupervised Learning Techniques",
    "Training in Model Deployment and Hyperparameter Tuning",
    "Specialization in Reinforcement Learning and Anomaly Detection",
    "Certification in Microsoft Azure Machine Learning Engineer Associate",
};
inline const std::vector<std::string> kAdvice = {
    "Build a strong foundation in computer science, statistics, or mathematics to understand ML algorithms "
    "and data modeling.",
    "Seek early exposure to data science or ML projects through internships to confirm interest in the "
    "field.",
    "Prepare thoroughly for entrance exams or certification requirements specific to your chosen program or "
    "region.",
    "Pursue certifications in machine learning or data science to gain expertise in model development and "
    "evaluation.",
    "Stay updated on ML trends and tools by attending industry conferences, webinars, and competitions like "
    "Kaggle.",
    "Develop hands-on skills in programming, data preprocessing, and ML frameworks through practical "
    "experience.",
    "Engage in ML or predictive analytics projects to build real-world experience in data-driven solutions.",
    "Join professional associations like the Computer Society of India (CSI) for resources and networking.",
    "Work on problem-solving and communication skills to ensure impactful ML solutions and stakeholder "
    "engagement.",
    "Explore international ML projects for exposure to diverse data challenges and global standards.",
    "Volunteer in local tech or community initiatives to understand ML implementation needs and societal "
    "impacts.",
    "Cultivate adaptability to handle evolving ML techniques and diverse industry requirements.",
    "Attend continuing education programs to stay abreast of new ML frameworks and ethical considerations.",
    "Build a network with data scientists, tech professionals, and ML researchers for collaborative "
    "opportunities.",
    "Develop resilience to manage the high-pressure demands and complex challenges of ML development.",
    "Balance technical precision with innovative thinking to drive ML impact and adapt to rapid "
    "technological changes.",
};
inline const std::vector<std::string> kTrendLines = {
    "Healthcare ML Surge: Increasing use of ML for diagnostics and drug discovery in India, necessitating "
    "domain expertise.",
    "Ethical ML Emphasis: Rising focus on fairness and transparency in ML models, requiring bias mitigation "
    "skills.",
    "Edge ML Development: Expansion of ML on edge devices in India, driving demand for lightweight model "
    "expertise.",
    "Talent Demand: High demand for skilled ML professionals in India, pushing for upskilling and "
    "specialized training.",
    "Skill Development Needs: Demand for training in advanced ML, ethical modeling, and domain-specific "
    "applications for future specialists.",
};
inline const std::vector<std::string> kOverviewParagraphs = {
    "A Machine Learning Specialist is a professional dedicated to designing, developing, and implementing "
    "machine learning algorithms and models to enable systems to learn from data and make predictions or "
    "decisions without explicit programming. They work in sectors such as technology, healthcare, finance, "
    "retail, and manufacturing, collaborating with data scientists, AI specialists, software engineers, and "
    "business analysts. Machine Learning Specialists play a critical role in driving automation, predictive "
    "analytics, and data-driven innovation in a world increasingly focused on digital transformation and "
    "intelligent technologies.",
    "Machine Learning Specialists are experts in statistical modeling, algorithm development, and data "
    "analysis, responsible for building machine learning models, training them with data, and deploying "
    "solutions to solve real-world problems like fraud detection, customer segmentation, or medical "
    "diagnosis. Their role involves coding, experimentation, and optimization, often working in settings "
    "such as tech company offices, research labs, or remote environments. They combine expertise in machine "
    "learning techniques, programming, and domain knowledge to address challenges like data quality, model "
    "accuracy, and scalability. As key contributors to technological progress, they help organizations and "
    "societies thrive in an era prioritizing automation, smart decision-making, and predictive insights.",
};
inline const std::vector<std::string> kFinalMessage = {
    "A career as a Machine Learning Specialist offers a unique opportunity to contribute to technological "
    "progress by designing data-driven models that solve complex problems and enhance decision-making across "
    "diverse sectors. From predicting trends to automating processes, Machine Learning Specialists play a "
    "pivotal role in modern digital innovation and predictive analytics. This field combines expertise in "
    "algorithms, data analysis, and a commitment to technological advancement, offering diverse paths in "
    "technology, research, consulting, and international sectors. For those passionate about shaping the "
    "future of data intelligence, adapting to rapid advancements, and addressing critical automation needs "
    "in an era of increasing digital reliance, a career as a Machine Learning Specialist provides an "
    "intellectually stimulating and professionally rewarding journey with the potential to make significant "
    "contributions to society by advancing efficiency, insights, and innovation worldwide.",
};

struct EmployerExpectation {
  std::string name, location;
};
inline const std::vector<EmployerExpectation> kEmployersIndia = {
    {"TCS", "Mumbai"},
    {"Infosys", "Bangalore"},
    {"Wipro", "Bangalore"},
    {"HCL Technologies", "Noida"},
    {"IBM India", "Bangalore"},
    {"Microsoft India", "Hyderabad"},
    {"Accenture India", "Bangalore"},
    {"Capgemini India", "Mumbai"},
    {"Tech Mahindra", "Pune"},
    {"Cognizant", "Chennai"},
};
inline const std::vector<EmployerExpectation> kEmployersInternational = {
    {"Google", "USA"}, {"Microsoft", "USA"}, {"Amazon", "USA"}, {"IBM", "USA"},   {"Meta (Facebook)", "USA"},
    {"NVIDIA", "USA"}, {"Intel", "USA"},     {"Apple", "USA"},  {"Tesla", "USA"}, {"DeepMind", "UK"},
};

// Durations of each route's steps; "" where the page gives none (8 of the 19 steps).
inline const std::vector<std::vector<std::string>> kStepDurations = {
    {"", "3-4 years", "3-6 months", "1-2 years"},
    {"", "3-4 years", "", "1-2 years", ""},
    {"", "3-4 years", "1-2 years", "1-2 years", ""},
    {"", "3-4 years", "1-2 years", "1-2 years", ""},
};

inline const std::vector<std::string> kLevelTitles = {
    "Junior Machine Learning Engineer", "Machine Learning Specialist", "Senior Machine Learning Specialist"};

inline const std::string kDestination = "Machine Learning Specialist - Professional";

}  // namespace careerbot::knowledge::testing::seed
