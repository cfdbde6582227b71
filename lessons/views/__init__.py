"""The lessons app's views: the player, quizzes and certificates."""
