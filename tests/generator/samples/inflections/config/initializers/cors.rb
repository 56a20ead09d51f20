# No inflections here: not read.
Rails.application.config.x.cors = true
