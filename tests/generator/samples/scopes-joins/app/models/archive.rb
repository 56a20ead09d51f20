class Archive < ActiveRecord::Base
  belongs_to :project

  # Rails adds it to joins of archives, where an order sorts nothing: joins of Archive still translate.
  default_scope { order(:id) }
end
